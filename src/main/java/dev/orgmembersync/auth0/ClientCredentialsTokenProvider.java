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
 * Client-credentials grant at {@code /oauth/token}; the token is cached until shortly before it expires
 * (auth0-java renews 120 s early) and renewed at most once per rejected token.
 */
final class ClientCredentialsTokenProvider implements TokenProvider {

    private static final Logger log = LoggerFactory.getLogger(ClientCredentialsTokenProvider.class);
    private static final Duration RENEW_EARLY = Duration.ofSeconds(120);

    private final HttpClient http;
    private final JsonMapper json;
    private final Clock clock;
    private final URI tokenUri;
    private final String form;
    private final String clientId;
    private final Duration requestTimeout;
    private String token;
    private Instant renewAt = Instant.MIN;

    ClientCredentialsTokenProvider(HttpClient http, JsonMapper json, Clock clock, Auth0Properties properties) {
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.tokenUri = URI.create(properties.apiBase() + "/oauth/token");
        this.clientId = properties.clientId();
        this.requestTimeout = properties.requestTimeout();
        this.form = "grant_type=client_credentials"
                + "&client_id=" + encode(properties.clientId())
                + "&client_secret=" + encode(properties.clientSecret() == null ? "" : properties.clientSecret())
                + "&audience=" + encode(properties.effectiveAudience());
    }

    @Override
    public synchronized String currentToken() throws IOException {
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
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
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
                throw new Auth0AccessException("Auth0 refused the client credentials of client_id " + clientId
                        + " at " + tokenUri + " (" + error.describe() + "); check auth0.client-id, auth0.client-secret"
                        + " and auth0.audience");
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

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(String access_token, long expires_in) {
    }
}
