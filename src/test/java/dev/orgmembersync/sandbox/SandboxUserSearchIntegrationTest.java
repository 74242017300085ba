package dev.orgmembersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sandbox's user search and users by id, spoken to over HTTP as Auth0 would be. */
class SandboxUserSearchIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @AutoClose
    private SandboxTenant tenant;

    @BeforeEach
    void start() throws Exception {
        tenant = SandboxTenant.start(SandboxSettings.unlimited(), TenantSeed.empty()
                .withStaticToken("users-token", "read:users")
                .withStaticToken("members-only", "read:organization_members")
                .withUsers(List.of("auth0|a", "samlp|idp|b")).withGenerated(0, 3));
    }

    @Test
    void shouldListTheExistingIdsOfTheQueryExceptThoseTheSearchLagsBehindFor() throws Exception {
        // given
        tenant.lagSearch(List.of("auth0|gen00000002"));
        String q = "user_id:(\"auth0|a\" OR \"samlp|idp|b\" OR \"auth0|gen00000002\" OR \"auth0|nobody\")";
        // when
        HttpResponse<String> plain = get("/api/v2/users?search_engine=v3&fields=user_id&q=" + encode(q), "users-token");
        HttpResponse<String> totals = get("/api/v2/users?search_engine=v3&include_totals=true&q=" + encode(q),
                "users-token");
        // then
        assertThat(JSON.readTree(plain.body()).findValuesAsString("user_id")).containsExactly("auth0|a", "samlp|idp|b");
        JsonNode withTotals = JSON.readTree(totals.body());
        assertThat(withTotals.path("total").asInt()).isEqualTo(2);
        assertThat(withTotals.path("users").size()).isEqualTo(2);
        assertThat(get("/api/v2/users?q=" + encode("email:\"a@b\""), "users-token").statusCode()).isEqualTo(400);
        assertThat(get("/api/v2/users?q=" + encode(q), "members-only").statusCode()).isEqualTo(403);
        assertThat(tenant.stats().userSearchRequests()).isEqualTo(4);
    }

    @Test
    void shouldFindLaggingUserByIdAndAnswerAuth0s404ForUnknownOne() throws Exception {
        // given
        tenant.lagSearch(List.of("auth0|gen00000002"));
        // when
        HttpResponse<String> lagging = get("/api/v2/users/" + encode("auth0|gen00000002") + "?fields=user_id",
                "users-token");
        HttpResponse<String> unknown = get("/api/v2/users/" + encode("auth0|nobody"), "users-token");
        // then
        assertThat(lagging.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(lagging.body()).path("user_id").asString()).isEqualTo("auth0|gen00000002");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("errorCode").asString()).isEqualTo("inexistent_user");
        assertThat(JSON.readTree(unknown.body()).path("message").asString()).isEqualTo("The user does not exist.");
        assertThat(tenant.stats().userGetRequests()).isEqualTo(2);
    }

    @Test
    void shouldReadSearchLagIdsFromTheCommandLine() {
        assertThat(new SandboxCommandLine("--search-lag-ids=auth0|a,samlp|idp|b").searchLagIds())
                .containsExactly("auth0|a", "samlp|idp|b");
        assertThat(new SandboxCommandLine().searchLagIds()).isEmpty();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(tenant.baseUrl() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
