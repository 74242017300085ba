package dev.orgmembersync.auth0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.orgmembersync.TestKeys;
import dev.orgmembersync.auth0.ScriptedAuth0Server.Reply;
import dev.orgmembersync.auth0.ScriptedAuth0Server.Request;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client-credentials tokens as {@link ManagementApi} uses them: fetch, cache, one renewal after a 401. */
class ClientCredentialsTokenProviderIntegrationTest {

    static final String CLIENT_ID = "m2m-client-id";
    static final String SECRET = "very-secret-client-secret";
    static final String ORG = "org_Nuv6WsOjyU53rGyQ";
    static final String MEMBERS = "/api/v2/organizations/" + ORG + "/members";
    static final String TOKEN_PATH = "/oauth/token";
    static final List<String> IDS = List.of("auth0|65f1c0a1b2c3d4e5f6a7b8c9");

    @AutoClose
    ScriptedAuth0Server server;
    ManagementApi api;

    @BeforeEach
    void start() throws IOException {
        server = ScriptedAuth0Server.start();
        api = Auth0TestClients.client(Auth0TestClients.clientCredentials(server.baseUrl(), CLIENT_ID, SECRET),
                Auth0TestClients.unlimited(), Auth0TestClients.fastRetry(3)).api();
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
    void aPrefetchedTokenIsTheOneTheFirstCallSendsWithoutASecondRequest() {
        server.enqueue(TOKEN_PATH, token("tok-1"), token("tok-2"));
        server.always(MEMBERS, Reply.noContent());

        api.prefetchToken();
        awaitTokenRequest();

        assertThat(server.requests(TOKEN_PATH)).as("token requests before any call").hasSize(1);
        assertThat(api.addMembers(ORG, IDS)).isInstanceOf(AddOutcome.Added.class);
        assertThat(server.requests(TOKEN_PATH)).hasSize(1);
        assertThat(server.requests(MEMBERS)).extracting(Request::authorization).containsExactly("Bearer tok-1");
    }

    @Test
    void aRefusedPrefetchStopsTheFirstCallWithTheRefusalAndNoSecondTokenRequest() {
        server.always(TOKEN_PATH, Reply.json(401, "{\"error\":\"access_denied\",\"error_description\":\"Unauthorized\"}"));

        api.prefetchToken();
        awaitTokenRequest();

        assertThatThrownBy(() -> api.addMembers(ORG, IDS))
                .isInstanceOf(Auth0AccessException.class)
                .hasMessageContaining(CLIENT_ID)
                .message().doesNotContain(SECRET);
        assertThat(server.requests(TOKEN_PATH)).hasSize(1);
        assertThat(server.requests(MEMBERS)).isEmpty();
    }

    private void awaitTokenRequest() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.requests(TOKEN_PATH).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
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

    private ManagementApi privateKeyJwtClient(String key, String algorithm) {
        return Auth0TestClients.client(Auth0TestClients.privateKeyJwt(server.baseUrl(), CLIENT_ID, key, algorithm),
                Auth0TestClients.unlimited(), Auth0TestClients.fastRetry(3)).api();
    }

    private static Map<String, String> decodedForm(Request request) {
        return form(request.body()).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> URLDecoder.decode(entry.getValue(), StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = { TestKeys.CLIENT_PKCS1, TestKeys.CLIENT_PKCS8 })
    void shouldSendAFreshSignedAssertionInsteadOfTheSecretWhenAKeyIsConfigured(String keyFile) throws Exception {
        // given a key file (PKCS#1 or PKCS#8) and a token that is rejected once
        api = privateKeyJwtClient(TestKeys.file(keyFile).toString(), "PS256");
        server.enqueue(TOKEN_PATH, token("tok-1"), token("tok-2"));
        server.enqueue(MEMBERS, unauthorized(), Reply.noContent());
        // when
        assertThat(api.addMembers(ORG, IDS)).isInstanceOf(AddOutcome.Added.class);
        // then both token requests carry an assertion, no secret, each signed by the key with its own jti
        List<Request> tokenRequests = server.requests(TOKEN_PATH);
        assertThat(tokenRequests).hasSize(2);
        List<String> jtis = new ArrayList<>();
        for (Request request : tokenRequests) {
            Map<String, String> form = decodedForm(request);
            assertThat(form).doesNotContainKey("client_secret")
                    .containsEntry("grant_type", "client_credentials")
                    .containsEntry("client_id", CLIENT_ID)
                    .containsEntry("audience", Auth0TestClients.AUDIENCE)
                    .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
            SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
            assertThat(jwt.verify(new RSASSAVerifier(TestKeys.clientPublicKey()))).isTrue();
            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
            assertThat(jwt.getHeader().getKeyID()).isEqualTo("kid-1");
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            assertThat(claims.getIssuer()).isEqualTo(CLIENT_ID);
            assertThat(claims.getSubject()).isEqualTo(CLIENT_ID);
            assertThat(claims.getAudience()).containsExactly(server.baseUrl() + "/");
            assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isBetween(1L, 60_000L);
            jtis.add(claims.getJWTID());
        }
        assertThat(jtis).doesNotHaveDuplicates().allSatisfy(jti -> assertThat(UUID.fromString(jti)).isNotNull());
    }

    @Test
    void shouldPointAtTheKeyAndAlgorithmWhenAuth0AnswersInvalidClient() {
        // given
        api = privateKeyJwtClient(TestKeys.file(TestKeys.CLIENT_PKCS8).toString(), "RS256");
        server.always(TOKEN_PATH, Reply.json(401,
                "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client assertion signature\"}"));
        // when / then
        assertThatThrownBy(() -> api.addMembers(ORG, IDS))
                .isInstanceOf(Auth0AccessException.class)
                .hasMessageContaining("refused the client assertion of client_id " + CLIENT_ID)
                .hasMessageContaining("public half of auth0.client-assertion.key")
                .hasMessageContaining("auth0.client-assertion.algorithm")
                .message().doesNotContain("eyJ", "MII");
        assertThat(server.requests(TOKEN_PATH)).hasSize(1);
    }

    @Test
    void shouldAdviseTheCanonicalTenantAudienceWhenAuth0AnswersServiceNotEnabled() {
        // given Auth0's answer to a custom domain given as the audience
        server.always(TOKEN_PATH, Reply.json(403, "{\"error\":\"access_denied\",\"error_description\":"
                + "\"Service not enabled within domain: https://login.acme.example/api/v2/\"}"));
        // when / then
        assertThatThrownBy(() -> api.addMembers(ORG, IDS))
                .isInstanceOf(Auth0AccessException.class)
                .hasMessageContaining("set auth0.audience to your tenant's canonical https://{tenant}.{region}.auth0.com/api/v2/")
                .message().doesNotContain("\n", SECRET);
    }
}
