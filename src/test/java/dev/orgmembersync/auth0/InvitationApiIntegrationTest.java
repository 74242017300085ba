package dev.orgmembersync.auth0;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

import dev.orgmembersync.auth0.ScriptedAuth0Server.Reply;
import dev.orgmembersync.auth0.ScriptedAuth0Server.Request;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ManagementApi#invitationsPage} and {@link ManagementApi#invite}: request shapes, Auth0's 201 and its
 * documented 200, and a create that is never re-sent on a 5xx or a dropped connection.
 */
class InvitationApiIntegrationTest {

    private static final String ORG = "org_Nuv6WsOjyU53rGyQ";
    private static final String INVITATIONS = "/api/v2/organizations/" + ORG + "/invitations";
    private static final String CREATED = """
            {"id":"uinv_0lrGNLrt8xnK2lKH","organization_id":"org_Nuv6WsOjyU53rGyQ","inviter":{"name":"Acme HR"},
             "invitee":{"email":"ann@example.com"},"invitation_url":"https://acme.example/login?invitation=x",
             "created_at":"2026-12-03T10:00:00.000Z","expires_at":"2026-12-10T10:00:00.000Z","client_id":"app_1",
             "ticket_id":"tkt_1"}""";
    private static final InvitationRequest REQUEST = new InvitationRequest("Acme HR", "ann@example.com", "app_1", null,
            604_800, true);

    @AutoClose
    private ScriptedAuth0Server server;
    private InvitationApi api;

    @BeforeEach
    void start() throws IOException {
        server = ScriptedAuth0Server.start();
        api = new InvitationApi(Auth0TestClients.client(Auth0TestClients.staticToken(server.baseUrl(), "token"),
                Auth0TestClients.unlimited(), Auth0TestClients.fastRetry(3)).api());
    }

    @Test
    void shouldSendAuth0sBodyAndTakeBoth201AndTheDocumented200() {
        // given
        server.enqueue(INVITATIONS, Reply.json(201, CREATED), Reply.json(200, CREATED));

        // when
        InvitationOutcome real = api.invite(ORG, REQUEST);
        InvitationOutcome documented = api.invite(ORG, new InvitationRequest("Acme HR", "ann@example.com", "app_1",
                "con_0123456789abcdef", 60, false));

        // then
        Invitation expected = new Invitation("uinv_0lrGNLrt8xnK2lKH", "ann@example.com",
                Instant.parse("2026-12-10T10:00:00Z"));
        assertThat(real).isEqualTo(new InvitationOutcome.Created(expected));
        assertThat(documented).isEqualTo(new InvitationOutcome.Created(expected));
        assertThat(server.requests()).extracting(Request::body).containsExactly(
                "{\"inviter\":{\"name\":\"Acme HR\"},\"invitee\":{\"email\":\"ann@example.com\"},\"client_id\":\"app_1\","
                        + "\"ttl_sec\":604800,\"send_invitation_email\":true}",
                "{\"inviter\":{\"name\":\"Acme HR\"},\"invitee\":{\"email\":\"ann@example.com\"},\"client_id\":\"app_1\","
                        + "\"connection_id\":\"con_0123456789abcdef\",\"ttl_sec\":60,\"send_invitation_email\":false}");
    }

    @Test
    void shouldNotSendACreateTwiceWhenTheAnswerIsA5xxOrNothing() {
        // given: the client retries other calls up to 3 times
        server.enqueue(INVITATIONS, Reply.json(503, "{\"statusCode\":503,\"error\":\"Service Unavailable\"}"),
                Reply.drop());

        // when
        InvitationOutcome unavailable = api.invite(ORG, REQUEST);
        InvitationOutcome dropped = api.invite(ORG, REQUEST);

        // then: one request each
        assertThat(unavailable).isInstanceOf(InvitationOutcome.Unclear.class);
        assertThat(((InvitationOutcome.Unclear) unavailable).reason()).contains("503");
        assertThat(dropped).isInstanceOf(InvitationOutcome.Unclear.class);
        assertThat(server.requests(INVITATIONS)).hasSize(2);
    }

    @Test
    void shouldWaitOutA429AndSendTheCreateAgain() {
        // given: Auth0 refused it before doing anything
        server.enqueue(INVITATIONS, Reply.json(429, "{\"statusCode\":429,\"error\":\"Too Many Requests\"}")
                .header("x-ratelimit-reset", Long.toString(Instant.now().getEpochSecond())), Reply.json(201, CREATED));

        // when
        InvitationOutcome outcome = api.invite(ORG, REQUEST);

        // then
        assertThat(outcome).isInstanceOf(InvitationOutcome.Created.class);
        assertThat(server.requests(INVITATIONS)).hasSize(2);
    }

    @Test
    void shouldReturnAuth0sReasonWhenItRefusesTheInvitation() {
        // given
        server.enqueue(INVITATIONS, Reply.json(400, "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":"
                + "\"A default login route is required to generate the invitation url.\",\"errorCode\":\"invalid_body\"}"));

        // when
        InvitationOutcome outcome = api.invite(ORG, REQUEST);

        // then
        assertThat(outcome).isEqualTo(new InvitationOutcome.Refused(400,
                "HTTP 400 invalid_body: A default login route is required to generate the invitation url."));
    }

    @Test
    void shouldReadPagesWithOrWithoutTotalsAndTreatThePagePastTheCapAsTheEnd() {
        // given
        server.enqueue(INVITATIONS, Reply.json(200, "{\"invitations\":[" + CREATED + "],\"start\":0,\"limit\":100}"),
                Reply.json(200, "[{\"id\":\"uinv_2\",\"invitee\":{\"email\":\"Ben@Example.com\"},\"expires_at\":\"soon\"}]"),
                Reply.json(400, "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"You can only page through"
                        + " the first 1000 records\",\"errorCode\":\"invalid_paging\"}"),
                Reply.json(404, "{\"statusCode\":404,\"error\":\"Not Found\",\"message\":\"No organization found by that"
                        + " id or name\"}"));

        // when
        Optional<InvitationsPage> first = api.invitationsPage(ORG, 0);
        Optional<InvitationsPage> bare = api.invitationsPage(ORG, 1);
        Optional<InvitationsPage> pastCap = api.invitationsPage(ORG, 10);
        Optional<InvitationsPage> noOrganization = api.invitationsPage(ORG, 0);

        // then
        assertThat(first.orElseThrow().invitations()).extracting(Invitation::id).containsExactly("uinv_0lrGNLrt8xnK2lKH");
        assertThat(bare.orElseThrow().invitations()).containsExactly(new Invitation("uinv_2", "Ben@Example.com", null));
        assertThat(pastCap.orElseThrow().beyondCap()).isTrue();
        assertThat(noOrganization).isEmpty();
        assertThat(server.requests()).extracting(Request::query).containsExactly(
                "page=0&per_page=100&include_totals=true", "page=1&per_page=100&include_totals=true",
                "page=10&per_page=100&include_totals=true", "page=0&per_page=100&include_totals=true");
    }
}
