package dev.orgmembersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code DELETE /api/v2/organizations/{id}/members} and {@code GET /api/v2/users/{id}} of the sandbox, over HTTP. */
class SandboxMemberRemovalIntegrationTest {

    private static final String ACME = "org_Nuv6WsOjyU53rGyQ";
    private static final String ALICE = "auth0|65f1c0a1b2c3d4e5f6a7b8c9";
    private static final String BOB = "google-oauth2|109876543210987654321";
    private static final String JANE = "samlp|acme-idp|jane.doe@acme.com";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AutoClose
    private SandboxTenant tenant;

    @BeforeEach
    void start() throws IOException {
        tenant = SandboxTenant.start(SandboxSettings.unlimited(), TenantSeed.empty()
                .withStaticToken("writer", "read:organization_members", "delete:organization_members", "read:users")
                .withStaticToken("no-delete", "read:organization_members", "create:organization_members")
                .withUsers(List.of(ALICE, BOB, JANE))
                .withOrganization(ACME, "acme-corp", List.of(ALICE, BOB, JANE))
                .withAccount(JANE, "jane.doe@acme.com", "acme-idp"));
    }

    @Test
    void shouldRemoveMembersAndAnswer204AlsoForNonMembers() throws Exception {
        // when one member and one id that is no member are removed
        HttpResponse<String> response = delete("writer", "{\"members\":[\"" + BOB + "\",\"auth0|nobody\"]}");
        // then 204, BOB is gone, the others stay, and each id's DELETE is counted
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(tenant.members(ACME)).containsExactly(ALICE, JANE);
        assertThat(tenant.deletesFor(ACME, BOB)).isEqualTo(1);
        assertThat(tenant.deletesFor(ACME, "auth0|nobody")).isEqualTo(1);
        assertThat(tenant.deleteRequests()).isEqualTo(1);
    }

    @Test
    void shouldRefuseMoreThanTenIdsAndAMissingScope() throws Exception {
        String eleven = "{\"members\":[" + String.join(",", IntStream.range(0, 11).mapToObj(i -> "\"auth0|x" + i + "\"")
                .toList()) + "]}";
        assertThat(delete("writer", eleven).statusCode()).isEqualTo(400);
        HttpResponse<String> forbidden = delete("no-delete", "{\"members\":[\"" + BOB + "\"]}");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("insufficient_scope", "delete:organization_members");
        assertThat(tenant.members(ACME)).contains(BOB);
    }

    @Test
    void shouldKeepListingARemovedMemberUntilTheRemovalDelayHasPassed() throws Exception {
        // given removals take 300 ms to show
        tenant.removalDelay(Duration.ofMillis(300));
        // when
        assertThat(delete("writer", "{\"members\":[\"" + BOB + "\"]}").statusCode()).isEqualTo(204);
        // then the listing still has BOB at once, and not after the delay
        assertThat(get("writer", "/api/v2/organizations/" + ACME + "/members?take=100").body()).contains(BOB);
        Thread.sleep(400);
        assertThat(get("writer", "/api/v2/organizations/" + ACME + "/members?take=100").body()).doesNotContain(BOB);
    }

    @Test
    void shouldAnswerAUsersConnection() throws Exception {
        assertThat(get("writer", "/api/v2/users/" + "samlp%7Cacme-idp%7Cjane.doe%40acme.com").body())
                .contains("\"connection\":\"acme-idp\"");
        assertThat(get("writer", "/api/v2/users/auth0%7C65f1c0a1b2c3d4e5f6a7b8c9").body())
                .contains("\"connection\":\"Username-Password-Authentication\"");
        assertThat(get("writer", "/api/v2/users/auth0%7Cnobody").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> delete(String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(tenant.baseUrl() + "/api/v2/organizations/" + ACME + "/members"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String token, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(tenant.baseUrl() + path)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
