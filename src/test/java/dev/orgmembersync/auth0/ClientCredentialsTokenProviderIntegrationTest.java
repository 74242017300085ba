package dev.orgmembersync.auth0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.orgmembersync.auth0.ScriptedAuth0Server.Reply;
import dev.orgmembersync.auth0.ScriptedAuth0Server.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client-credentials tokens as {@link ManagementApi} uses them: fetch, cache, one renewal after a 401. */
class ClientCredentialsTokenProviderIntegrationTest {

    static final String CLIENT_ID = "m2m-client-id";
    static final String SECRET = "very-secret-client-secret";
    static final String ORG = "org_Nuv6WsOjyU53rGyQ";
    static final String MEMBERS = "/api/v2/organizations/" + ORG + "/members";
    static final String TOKEN_PATH = "/oauth/token";
    static final List<String> IDS = List.of("auth0|65f1c0a1b2c3d4e5f6a7b8c9");

    ScriptedAuth0Server server;
    ManagementApi api;

    @BeforeEach
    void start() throws IOException {
        server = ScriptedAuth0Server.start();
        api = Auth0TestClients.client(Auth0TestClients.clientCredentials(server.baseUrl(), CLIENT_ID, SECRET),
                Auth0TestClients.unlimited(), Auth0TestClients.fastRetry(3)).api();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Reply token(String accessToken) {
        return Reply.json(200, "{\"access_token\":\"" + accessToken + "\",\"scope\":\"create:organization_members\","
                + "\"expires_in\":86400,\"token_type\":\"Bearer\"}");
    }

    static Reply unauthorized() {
        return Reply.json(401, "{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"Invalid token\"}");
    }

    static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv.length > 1 ? kv[1] : ""));
    }

    @Test
    void tokenIsFetchedOnceAndCachedWithAUrlEncodedForm() {
        server.enqueue(TOKEN_PATH, token("tok-1"));
        server.always(MEMBERS, Reply.noContent());

        assertThat(api.addMembers(ORG, IDS)).isInstanceOf(AddOutcome.Added.class);
        assertThat(api.addMembers(ORG, IDS)).isInstanceOf(AddOutcome.Added.class);

        List<Request> tokenRequests = server.requests(TOKEN_PATH);
        assertThat(tokenRequests).hasSize(1);
        Request tokenRequest = tokenRequests.get(0);
        assertThat(tokenRequest.method()).isEqualTo("POST");
        assertThat(tokenRequest.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(form(tokenRequest.body())).containsEntry("grant_type", "client_credentials")
                .containsEntry("client_id", CLIENT_ID)
                .containsEntry("client_secret", SECRET)
                .containsEntry("audience", "https%3A%2F%2Ftenant.example%2Fapi%2Fv2%2F");
        assertThat(server.requests(MEMBERS)).extracting(Request::authorization)
                .containsExactly("Bearer tok-1", "Bearer tok-1");
    }

    @Test
    void oneRejectionRenewsTheTokenOnceAndRepeatsTheRequestWithTheNewToken() {
        server.enqueue(TOKEN_PATH, token("tok-1"), token("tok-2"));
        server.enqueue(MEMBERS, unauthorized(), Reply.noContent());

        assertThat(api.addMembers(ORG, IDS)).isInstanceOf(AddOutcome.Added.class);

        assertThat(server.requests(TOKEN_PATH)).hasSize(2);
        assertThat(server.requests(MEMBERS)).extracting(Request::authorization)
                .containsExactly("Bearer tok-1", "Bearer tok-2");
    }

    @Test
    void rejectionOfTheRenewedTokenStopsTheJobWithoutFurtherRenewals() {
        server.enqueue(TOKEN_PATH, token("tok-1"), token("tok-2"), token("tok-3"));
        server.always(MEMBERS, unauthorized());

        assertThatThrownBy(() -> api.addMembers(ORG, IDS))
                .isInstanceOf(Auth0AccessException.class)
                .message().doesNotContain("tok-1", "tok-2", SECRET);
        assertThat(server.requests(TOKEN_PATH)).hasSize(2);
        assertThat(server.requests(MEMBERS)).extracting(Request::authorization)
                .containsExactly("Bearer tok-1", "Bearer tok-2");
    }

    @Test
    void wrongSecretStopsAtOnceNamingTheClientButNotTheSecret() {
        server.always(TOKEN_PATH, Reply.json(401, "{\"error\":\"access_denied\",\"error_description\":\"Unauthorized\"}"));

        assertThatThrownBy(() -> api.addMembers(ORG, IDS))
                .isInstanceOf(Auth0AccessException.class)
                .hasMessageContaining(CLIENT_ID)
                .message().doesNotContain(SECRET, "Bearer", "access_token");
        assertThat(server.requests(TOKEN_PATH)).hasSize(1);
        assertThat(server.requests(MEMBERS)).isEmpty();
    }
}
