package dev.orgmembersync.auth0;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Client-credentials grant at {@code /oauth/token}, authenticated by the client secret or by a fresh Private Key
 * JWT assertion per request; the token is cached until shortly before it expires (auth0-java renews 120 s early)
 * and renewed at most once per rejected token.
 */
final class ClientCredentialsTokenProvider implements TokenProvider {

    private static final Logger log = LoggerFactory.getLogger(ClientCredentialsTokenProvider.class);
    private static final Duration RENEW_EARLY = Duration.ofSeconds(120);

    private final HttpClient http;
    private final JsonMapper json;
    private final Clock clock;
    private final URI tokenUri;
    private final String grant;
    private final String clientSecret;
    private final ClientAssertionSigner assertions;
    private final String clientId;
    private final String audience;
    private final Duration requestTimeout;
    private String token;
    private Instant renewAt = Instant.MIN;
    /** What the background fetch met, thrown once by the next {@link #currentToken()} (no second request for it). */
    private Exception prefetchFailure;

    ClientCredentialsTokenProvider(HttpClient http, JsonMapper json, Clock clock, Auth0Properties properties) {
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.tokenUri = URI.create(properties.apiBase() + "/oauth/token");
        this.clientId = properties.clientId();
        this.requestTimeout = properties.requestTimeout();
        this.audience = properties.effectiveAudience();
        this.grant = "grant_type=client_credentials"
                + "&client_id=" + encode(properties.clientId())
                + "&audience=" + encode(audience);
        this.clientSecret = properties.clientSecret() == null ? "" : properties.clientSecret();
        this.assertions = properties.clientAssertion() != null && properties.clientAssertion().configured()
                ? new ClientAssertionSigner(properties, clock) : null;
    }

    @Override
    public void prefetch() {
        Thread fetcher = new Thread(() -> {
            synchronized (this) {
                try {
                    currentToken();
                }
                catch (IOException | RuntimeException ex) {
                    prefetchFailure = ex;
                }
            }
        }, "token-prefetch");
        fetcher.setDaemon(true);
        fetcher.start();
    }

    @Override
    public synchronized String currentToken() throws IOException {
        if (prefetchFailure != null) {
            Exception failure = prefetchFailure;
            prefetchFailure = null;
            if (failure instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) failure;
        }
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    @Override
    public synchronized boolean renewAfterRejection(String rejected) throws IOException {
        if (rejected.equals(token)) {
            log.info("Auth0 rejected the access token (401); requesting a new one");
            fetch();
        }
        return true;
    }

    private void fetch() throws IOException {
        log.debug("Requesting a Management API token for client_id {} with {}", clientId,
                assertions == null ? "its client secret" : "a new Private Key JWT assertion");
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while requesting a token", ex);
        }
        if (response.statusCode() != 200) {
            ApiError error = ApiError.parse(json, new ApiResponse(response.statusCode(), response.headers(), response.body()));
            if (response.statusCode() == 401 || response.statusCode() == 403 || response.statusCode() == 400) {
                throw new Auth0AccessException(refusal(error));
            }
            throw new IOException("token request failed: " + error.describe());
        }
        TokenResponse body = json.readValue(response.body(), TokenResponse.class);
        if (body.access_token() == null || body.access_token().isBlank()) {
            throw new Auth0AccessException("Auth0 answered the token request without an access_token");
        }
        Duration lifetime = Duration.ofSeconds(body.expires_in() > 0 ? body.expires_in() : 86_400);
        Duration early = lifetime.compareTo(RENEW_EARLY.multipliedBy(2)) > 0 ? RENEW_EARLY : lifetime.dividedBy(2);
        token = body.access_token();
        renewAt = clock.instant().plus(lifetime).minus(early);
        log.debug("Obtained a Management API token valid for {} s", lifetime.toSeconds());
    }

    /** A new assertion each time: Auth0 refuses a reused {@code jti}. */
    private String form() {
        return assertions == null ? grant + "&client_secret=" + encode(clientSecret)
                : grant + "&client_assertion_type=" + encode(ClientAssertionSigner.ASSERTION_TYPE)
                        + "&client_assertion=" + encode(assertions.sign());
    }

    /** What to fix, from Auth0's answer: the audience, the key, or the credentials in general. */
    private String refusal(ApiError error) {
        String description = String.valueOf(error.error_description());
        if ("access_denied".equals(error.error()) && description.contains("Service not enabled within domain")) {
            return "Auth0 does not accept the token audience " + audience + " (" + error.describe() + "): a custom"
                    + " domain cannot be the audience; set auth0.audience to your tenant's canonical"
                    + " https://{tenant}.{region}.auth0.com/api/v2/ (calls may still go through the custom domain)";
        }
        if (assertions != null && "invalid_client".equals(error.error())) {
            return "Auth0 refused the client assertion of client_id " + clientId + " at " + tokenUri + " ("
                    + error.describe() + "); check that the application's credential in Auth0 is the public half of "
                    + "auth0.client-assertion.key and that its algorithm matches auth0.client-assertion.algorithm";
        }
        return "Auth0 refused the client credentials of client_id " + clientId + " at " + tokenUri + " ("
                + error.describe() + "); check auth0.client-id, "
                + (assertions != null ? "auth0.client-assertion.key" : "auth0.client-secret") + " and auth0.audience";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(String access_token, long expires_in) {
    }
}
