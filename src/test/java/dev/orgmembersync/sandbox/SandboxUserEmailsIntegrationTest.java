package dev.orgmembersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sandbox's users-by-email and user export jobs, spoken to over HTTP as Auth0 would be. */
class SandboxUserEmailsIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String TOKEN = "users-token";
    private static final String EXPORT_BODY = "{\"format\":\"json\",\"fields\":[{\"name\":\"user_id\"},{\"name\":\"email\"},"
            + "{\"name\":\"identities[0].connection\",\"export_as\":\"connection\"}]}";

    @AutoClose
    private SandboxTenant tenant;

    @BeforeEach
    void start() throws Exception {
        tenant = SandboxTenant.start(SandboxSettings.unlimited(), TenantSeed.empty()
                .withStaticToken(TOKEN, "read:users")
                .withStaticToken("members-only", "read:organization_members")
                .withAccount("auth0|pat", "pat@example.com", null)
                .withAccount("google-oauth2|pat", "pat@example.com", "google-oauth2")
                .withAccount("samlp|idp|bob", "Bob@Globex.com", "globex-saml")
                .withGenerated(0, 3));
    }

    @Test
    void shouldAnswerEveryAccountOfAnEmailWhenSearchedWithItsExactSpelling() throws Exception {
        // when
        JsonNode pat = JSON.readTree(byEmail("pat@example.com", TOKEN).body());
        JsonNode generated = JSON.readTree(byEmail("gen00000002@example.com", TOKEN).body());
        JsonNode bobExact = JSON.readTree(byEmail("Bob@Globex.com", TOKEN).body());
        JsonNode bobLower = JSON.readTree(byEmail("bob@globex.com", TOKEN).body());

        // then: Auth0's search is exact and case-sensitive
        assertThat(pat.findValuesAsString("user_id")).contains("auth0|pat", "google-oauth2|pat");
        assertThat(pat.get(1).path("identities").path(0).path("connection").asString()).isEqualTo("google-oauth2");
        assertThat(generated.get(0).path("user_id").asString()).isEqualTo("auth0|gen00000002");
        assertThat(bobExact.size()).isEqualTo(1);
        assertThat(bobLower.size()).isZero();
        assertThat(byEmail("pat@example.com", "members-only").statusCode()).isEqualTo(403);
        assertThat(tenant.stats().usersByEmailRequests()).isEqualTo(5);
    }

    @Test
    void shouldServeTheExportAsGzipNdjsonAfterTheDelayWhenTheLinkIsUsedWithoutAuthorization() throws Exception {
        // given
        tenant.exportDelay(Duration.ofMillis(300));
        String job = JSON.readTree(api("POST", "/api/v2/jobs/users-exports", EXPORT_BODY).body()).path("id").asString();

        // when
        JsonNode pending = JSON.readTree(api("GET", "/api/v2/jobs/" + job, null).body());
        Thread.sleep(400);
        JsonNode completed = JSON.readTree(api("GET", "/api/v2/jobs/" + job, null).body());
        URI location = URI.create(completed.path("location").asString());
        HttpResponse<byte[]> withToken = HTTP.send(HttpRequest.newBuilder(location)
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<java.io.InputStream> download = HTTP.send(HttpRequest.newBuilder(location).build(),
                HttpResponse.BodyHandlers.ofInputStream());

        // then
        assertThat(job).startsWith("job_");
        assertThat(pending.path("status").asString()).isEqualTo("pending");
        assertThat(pending.has("location")).isFalse();
        assertThat(completed.path("status").asString()).isEqualTo("completed");
        assertThat(location.getQuery()).contains("signature=");
        assertThat(withToken.statusCode()).isEqualTo(400);
        assertThat(download.statusCode()).isEqualTo(200);
        List<JsonNode> users;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(download.body()),
                StandardCharsets.UTF_8))) {
            users = lines.lines().map(JSON::readTree).toList();
        }
        assertThat(users).hasSize(6);
        assertThat(users.get(2).toString())
                .isEqualTo("{\"user_id\":\"samlp|idp|bob\",\"email\":\"Bob@Globex.com\",\"connection\":\"globex-saml\"}");
        assertThat(tenant.stats().exportPostRequests()).isEqualTo(1);
        assertThat(tenant.stats().exportDownloads()).isEqualTo(2);
        assertThat(tenant.stats().exportDownloadsWithAuthorization()).isEqualTo(1);
    }

    @Test
    void shouldRefuseTheLinkWhenItHasExpiredOrIsForged() throws Exception {
        // given
        tenant.exportLinkLifetime(Duration.ofSeconds(-5));
        String job = JSON.readTree(api("POST", "/api/v2/jobs/users-exports", EXPORT_BODY).body()).path("id").asString();
        URI expired = URI.create(JSON.readTree(api("GET", "/api/v2/jobs/" + job, null).body()).path("location").asString());
        tenant.exportLinkLifetime(Duration.ofSeconds(60));
        URI fresh = URI.create(JSON.readTree(api("GET", "/api/v2/jobs/" + job, null).body()).path("location").asString());
        URI forged = URI.create(fresh.toString().replaceAll("signature=[0-9a-f]", "signature=x"));

        // when / then
        assertThat(status(expired)).isEqualTo(403);
        assertThat(status(forged)).isEqualTo(403);
        assertThat(status(fresh)).isEqualTo(200);
        assertThat(api("GET", "/api/v2/jobs/job_unknown", null).statusCode()).isEqualTo(404);
        assertThat(tenant.stats().exportDownloadsRefused()).isEqualTo(2);
    }

    private HttpResponse<String> byEmail(String email, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(tenant.baseUrl().resolve("/api/v2/users-by-email?email="
                + URLEncoder.encode(email, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(tenant.baseUrl().resolve(path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
