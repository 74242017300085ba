package dev.orgmembersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sandbox's organization invitations, spoken to over HTTP as Auth0 would be. */
class SandboxInvitationsIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ORG = "org_Invitations00001";
    private static final String TOKEN = "invitations-token";
    private static final String PATH = "/api/v2/organizations/" + ORG + "/invitations";

    @AutoClose
    private SandboxTenant tenant;

    @BeforeEach
    void start() throws Exception {
        tenant = SandboxTenant.start(SandboxSettings.unlimited(), TenantSeed.empty()
                .withStaticToken(TOKEN, "read:organization_invitations", "create:organization_invitations")
                .withStaticToken("read-only", "read:organization_invitations")
                .withOrganization(ORG, "invitations", List.of()));
    }

    @Test
    void shouldCreateWith201InAuth0sShapeAndListItNewestFirst() throws Exception {
        // when
        HttpResponse<String> created = api("POST", PATH, TOKEN, """
                {"inviter":{"name":"Acme HR"},"invitee":{"email":"Ann@Example.com"},"client_id":"app_1",
                 "connection_id":"con_0123456789abcdef","ttl_sec":86400,"send_invitation_email":false}""");
        api("POST", PATH, TOKEN, "{\"inviter\":{\"name\":\"HR\"},\"invitee\":{\"email\":\"ben@example.com\"},"
                + "\"client_id\":\"app_1\",\"ttl_sec\":0}");
        JsonNode withTotals = JSON.readTree(api("GET", PATH + "?page=0&per_page=1&include_totals=true", TOKEN, null).body());
        JsonNode second = JSON.readTree(api("GET", PATH + "?page=1&per_page=1", TOKEN, null).body());

        // then
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode ann = JSON.readTree(created.body());
        assertThat(ann.path("id").asString()).startsWith("uinv_");
        assertThat(ann.path("invitee").path("email").asString()).isEqualTo("Ann@Example.com");
        assertThat(ann.path("inviter").path("name").asString()).isEqualTo("Acme HR");
        assertThat(ann.path("organization_id").asString()).isEqualTo(ORG);
        assertThat(ann.path("connection_id").asString()).isEqualTo("con_0123456789abcdef");
        assertThat(ann.path("invitation_url").asString()).contains("invitation=");
        assertThat(Instant.parse(ann.path("expires_at").asString()))
                .isCloseTo(Instant.parse(ann.path("created_at").asString()).plus(Duration.ofDays(1)),
                        org.assertj.core.api.Assertions.within(1, ChronoUnit.SECONDS));
        assertThat(withTotals.path("start").asInt()).isZero();
        assertThat(withTotals.path("limit").asInt()).isEqualTo(1);
        assertThat(withTotals.path("invitations").get(0).path("invitee").path("email").asString())
                .isEqualTo("ben@example.com");
        assertThat(second.isArray()).isTrue();
        assertThat(second.get(0).path("id").asString()).isEqualTo(ann.path("id").asString());
        assertThat(tenant.invitations(ORG)).extracting(SandboxInvitation::sendEmail).containsExactly(false, true);
        assertThat(tenant.invitations(ORG).get(1).expiresAt()).isEqualTo(tenant.invitations(ORG).get(1).createdAt()
                .plus(Duration.ofDays(7)));
    }

    @Test
    void shouldAnswerAuth0sErrors() throws Exception {
        // given
        tenant.refuseInvitationsFor("app_spa");
        String body = "{\"inviter\":{\"name\":\"HR\"},\"invitee\":{\"email\":\"ann@example.com\"},\"client_id\":\"%s\"}";

        // when
        HttpResponse<String> refused = api("POST", PATH, TOKEN, body.formatted("app_spa"));
        HttpResponse<String> noClient = api("POST", PATH, TOKEN, "{\"inviter\":{\"name\":\"HR\"},"
                + "\"invitee\":{\"email\":\"ann@example.com\"}}");
        HttpResponse<String> tooLong = api("POST", PATH, TOKEN, "{\"inviter\":{\"name\":\"HR\"},"
                + "\"invitee\":{\"email\":\"ann@example.com\"},\"client_id\":\"app_1\",\"ttl_sec\":2592001}");
        HttpResponse<String> noScope = api("POST", PATH, "read-only", body.formatted("app_1"));
        HttpResponse<String> noOrganization = api("GET", "/api/v2/organizations/org_Nope/invitations", TOKEN, null);
        HttpResponse<String> pastCap = api("GET", PATH + "?page=10&per_page=100", TOKEN, null);
        HttpResponse<String> pageTooLarge = api("GET", PATH + "?per_page=101", TOKEN, null);

        // then
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("message").asString())
                .isEqualTo("The specified client_id does not allow organizations.");
        assertThat(JSON.readTree(refused.body()).path("errorCode").asString()).isEqualTo("invalid_body");
        assertThat(noClient.statusCode()).isEqualTo(400);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(noScope.statusCode()).isEqualTo(403);
        assertThat(noOrganization.statusCode()).isEqualTo(404);
        assertThat(pastCap.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(pastCap.body()).path("message").asString()).contains("first 1000 records");
        assertThat(pageTooLarge.statusCode()).isEqualTo(400);
        assertThat(tenant.invitations(ORG)).isEmpty();
        assertThat(tenant.stats().invitationsPostRequests()).isEqualTo(4);
    }

    @Test
    void shouldTakeTheRefusedApplicationFromTheCommandLineAndGrantTheDefaultClientTheInvitationScopes() throws Exception {
        // when
        SandboxCommandLine refusing = new SandboxCommandLine("--refuse-invitations-for=app_spa");
        SandboxCommandLine plain = new SandboxCommandLine();

        // then
        assertThat(refusing.refuseInvitationsFor()).contains("app_spa");
        assertThat(plain.refuseInvitationsFor()).isEmpty();
        assertThat(plain.seed().clients().get(0).scopes())
                .contains("read:organization_invitations", "create:organization_invitations");
        assertThat(TenantSeed.read(java.nio.file.Path.of("samples/sandbox-tenant.json")).clients().get(0).scopes())
                .contains("read:organization_invitations", "create:organization_invitations");
    }

    private HttpResponse<String> api(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(tenant.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
