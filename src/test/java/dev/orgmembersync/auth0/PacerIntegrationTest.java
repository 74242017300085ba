package dev.orgmembersync.auth0;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.orgmembersync.auth0.Auth0TestClients.Client;
import dev.orgmembersync.auth0.ScriptedAuth0Server.Reply;
import dev.orgmembersync.auth0.ScriptedAuth0Server.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link Pacer} seen from the wire: waits after 429, back-off on 5xx, client-side rate limiting. */
class PacerIntegrationTest {

    static final String ORG = "org_Nuv6WsOjyU53rGyQ";
    static final String MEMBERS = "/api/v2/organizations/" + ORG + "/members";
    static final List<String> IDS = List.of("auth0|65f1c0a1b2c3d4e5f6a7b8c9");
    /** Instant.now() and the server's arrival stamps may differ by clock granularity. */
    static final Duration SLACK = Duration.ofMillis(50);

    ScriptedAuth0Server server;

    @BeforeEach
    void start() throws IOException {
        server = ScriptedAuth0Server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Client client(RateLimitProperties rates, RetryProperties retry) {
        return Auth0TestClients.client(Auth0TestClients.staticToken(server.baseUrl(), "tok"), rates, retry);
    }

    static Reply tooManyRequests(long resetEpochSecond) {
        return Reply.json(429, "{\"statusCode\":429,\"error\":\"Too Many Requests\","
                        + "\"message\":\"Global limit has been reached\",\"errorCode\":\"too_many_requests\"}")
                .header("x-ratelimit-limit", "20")
                .header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-reset", Long.toString(resetEpochSecond));
    }

    @Test
    void tooManyRequestsWaitsUntilTheAdvertisedResetThenSucceeds() {
        Client client = client(Auth0TestClients.unlimited(), Auth0TestClients.retry(4, Duration.ofSeconds(5)));
        long resetSecond = Instant.now().getEpochSecond() + 2;
        Instant reset = Instant.ofEpochSecond(resetSecond);
        server.enqueue(MEMBERS, tooManyRequests(resetSecond), Reply.noContent());

        AddOutcome outcome = client.api().addMembers(ORG, IDS);

        assertThat(outcome).isInstanceOf(AddOutcome.Added.class);
        List<Request> requests = server.requests();
        assertThat(requests).hasSize(2);
        Instant second = requests.get(1).arrivedAt();
        System.out.printf("[measured] 429 reset in %d ms: retry arrived %d ms after the reset%n",
                Duration.between(requests.get(0).arrivedAt(), reset).toMillis(), Duration.between(reset, second).toMillis());
        assertThat(second).isAfterOrEqualTo(reset.minus(SLACK));
        // max(1 s, reset - now) plus at most 20 % jitter: well under a second past the reset.
        assertThat(second).isBefore(reset.plusSeconds(1));
        assertThat(client.metrics().totals()).isEqualTo(new ApiMetrics.ApiTotals(2, 1, 1));
    }

    @Test
    void tooManyRequestsWithAResetInTheCurrentSecondStillWaitsOneSecond() {
        Client client = client(Auth0TestClients.unlimited(), Auth0TestClients.retry(4, Duration.ofSeconds(5)));
        server.enqueue(MEMBERS, tooManyRequests(Instant.now().getEpochSecond()), Reply.noContent());

        assertThat(client.api().addMembers(ORG, IDS)).isInstanceOf(AddOutcome.Added.class);

        List<Request> requests = server.requests();
        assertThat(requests).hasSize(2);
        Duration gap = Duration.between(requests.get(0).arrivedAt(), requests.get(1).arrivedAt());
        System.out.printf("[measured] 429 with reset=now: gap %d ms%n", gap.toMillis());
        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofSeconds(1).minus(Duration.ofMillis(10)));
    }

    @Test
    void serviceUnavailableTwiceThenNoContentIsAddedAfterThreeRequests() {
        Client client = client(Auth0TestClients.unlimited(), Auth0TestClients.fastRetry(4));
        Reply unavailable = Reply.json(503, "{\"statusCode\":503,\"error\":\"Service Unavailable\"}");
        server.enqueue(MEMBERS, unavailable, unavailable, Reply.noContent());

        assertThat(client.api().addMembers(ORG, IDS)).isInstanceOf(AddOutcome.Added.class);
        assertThat(server.requests()).hasSize(3);
        assertThat(client.metrics().totals()).isEqualTo(new ApiMetrics.ApiTotals(3, 0, 2));
    }

    @Test
    void serverErrorEveryTimeFailsAfterMaxAttempts() {
        Client client = client(Auth0TestClients.unlimited(), Auth0TestClients.fastRetry(3));
        server.always(MEMBERS, Reply.json(502, "<html>Bad Gateway</html>"));

        AddOutcome outcome = client.api().addMembers(ORG, IDS);

        assertThat(outcome).isInstanceOf(AddOutcome.Failed.class);
        assertThat(((AddOutcome.Failed) outcome).reason()).contains("502");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void rateLimiterSpacesWritesAtTheConfiguredRate() {
        // 600/min burst 2: the client holds 1 permit per 100 ms.
        RateLimitProperties rates = new RateLimitProperties(new RateLimitProperties.Writes(600, 2),
                new RateLimitProperties.Reads(600_000, 1_000), new RateLimitProperties.Tenant(0, 0),
                new RateLimitProperties.OrganizationsByName(600_000, 1_000));
        Client client = client(rates, Auth0TestClients.fastRetry(1));
        server.always(MEMBERS, Reply.noContent());

        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertThat(client.api().addMembers(ORG, IDS)).isInstanceOf(AddOutcome.Added.class);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        System.out.printf("[measured] 10 writes at 10/s took %d ms%n", elapsed.toMillis());
        assertThat(server.requests()).hasSize(10);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(780)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void anEmptyBucketOnASuccessMakesTheNextRequestWaitForTheReset() {
        Client client = client(Auth0TestClients.unlimited(), Auth0TestClients.retry(3, Duration.ofSeconds(5)));
        long resetSecond = Instant.now().getEpochSecond() + 2;
        Instant reset = Instant.ofEpochSecond(resetSecond);
        server.enqueue(MEMBERS,
                Reply.noContent()
                        .header("x-ratelimit-limit", "20")
                        .header("x-ratelimit-remaining", "0")
                        .header("x-ratelimit-reset", Long.toString(resetSecond)),
                Reply.noContent());

        assertThat(client.api().addMembers(ORG, IDS)).isInstanceOf(AddOutcome.Added.class);
        assertThat(client.api().addMembers(ORG, IDS)).isInstanceOf(AddOutcome.Added.class);

        List<Request> requests = server.requests();
        assertThat(requests).hasSize(2);
        System.out.printf("[measured] remaining=0: next request %d ms after the reset%n",
                Duration.between(reset, requests.get(1).arrivedAt()).toMillis());
        assertThat(requests.get(0).arrivedAt()).isBefore(reset.minusMillis(500));
        assertThat(requests.get(1).arrivedAt()).isAfterOrEqualTo(reset.minus(SLACK));
        assertThat(client.metrics().totals()).isEqualTo(new ApiMetrics.ApiTotals(2, 0, 0));
    }
}
