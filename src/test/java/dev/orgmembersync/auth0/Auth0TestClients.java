package dev.orgmembersync.auth0;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/** Builds the real client stack (HttpClient, Pacer, token provider, ManagementApi) against a loopback server. */
final class Auth0TestClients {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String AUDIENCE = "https://tenant.example/api/v2/";
    static final Auth0Properties.ClientAssertion NO_ASSERTION = new Auth0Properties.ClientAssertion(null, "RS256", null);

    private Auth0TestClients() {
    }

    /** High enough never to pace a test that is not about pacing (10 000/s). */
    static RateLimitProperties unlimited() {
        return new RateLimitProperties(new RateLimitProperties.Writes(600_000, 1_000),
                new RateLimitProperties.Reads(600_000, 1_000), new RateLimitProperties.Tenant(0, 0),
                new RateLimitProperties.OrganizationsByName(600_000, 1_000),
                new RateLimitProperties.Users(600_000, 1_000), new RateLimitProperties.Invitations(600_000, 1_000),
                new RateLimitProperties.UserReads(600_000, 1_000), new RateLimitProperties.Roles(600_000, 1_000),
                new RateLimitProperties.MemberRoles(600_000, 1_000));
    }

    /** Auth0's documented buckets, as the job paces when given no rate option. */
    static RateLimitProperties defaults() {
        return new RateLimitProperties(new RateLimitProperties.Writes(200, 20), new RateLimitProperties.Reads(500, 40),
                new RateLimitProperties.Tenant(0, 0), new RateLimitProperties.OrganizationsByName(100, 10),
                new RateLimitProperties.Users(150, 10), new RateLimitProperties.Invitations(150, 10),
                new RateLimitProperties.UserReads(500, 40), new RateLimitProperties.Roles(150, 10),
                new RateLimitProperties.MemberRoles(200, 20));
    }

    /** Short back-off for 5xx and network faults, but room for 429 waits of a few seconds. */
    static RetryProperties retry(int maxAttempts, Duration maxBackoff) {
        return new RetryProperties(maxAttempts, Duration.ofMillis(20), maxBackoff, Duration.ofHours(1));
    }

    static RetryProperties fastRetry(int maxAttempts) {
        return retry(maxAttempts, Duration.ofMillis(200));
    }

    static Auth0Properties staticToken(URI base, String token) {
        return new Auth0Properties(null, base, token, null, null, null, null, null, Duration.ofSeconds(2),
                Duration.ofSeconds(5), NO_ASSERTION);
    }

    static Auth0Properties clientCredentials(URI base, String clientId, String secret) {
        return new Auth0Properties(null, base, null, clientId, secret, AUDIENCE, null, null, Duration.ofSeconds(2),
                Duration.ofSeconds(5), NO_ASSERTION);
    }

    /** Private Key JWT: {@code key} is a PEM file's path or its text. */
    static Auth0Properties privateKeyJwt(URI base, String clientId, String key, String algorithm) {
        return new Auth0Properties(null, base, null, clientId, null, AUDIENCE, null, null, Duration.ofSeconds(2),
                Duration.ofSeconds(5), new Auth0Properties.ClientAssertion(key, algorithm, "kid-1"));
    }

    static HttpClient http() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** One wired client: the API plus the metrics it reports to. */
    record Client(ManagementApi api, ApiMetrics metrics, Pacer pacer) {
    }

    static Client client(Auth0Properties properties, RateLimitProperties rates, RetryProperties retry) {
        return client(properties, rates, retry, Clock.systemUTC(), Sleeper.THREAD);
    }

    /** A client whose waits for a rate-limit reset go through {@code sleeper}, measured on {@code clock}. */
    static Client client(Auth0Properties properties, RateLimitProperties rates, RetryProperties retry, Clock clock,
            Sleeper sleeper) {
        HttpClient http = http();
        ApiMetrics metrics = new ApiMetrics(new SimpleMeterRegistry(), new CallTimeline(clock));
        Pacer pacer = new Pacer(rates, EnumSet.allOf(Bucket.class), retry, metrics, clock, sleeper);
        TokenProvider tokens = properties.usesClientCredentials()
                ? new ClientCredentialsTokenProvider(http, JSON, Clock.systemUTC(), properties)
                : new StaticTokenProvider(properties.token());
        return new Client(new ManagementApi(http, JSON, pacer, tokens, properties), metrics, pacer);
    }
}
