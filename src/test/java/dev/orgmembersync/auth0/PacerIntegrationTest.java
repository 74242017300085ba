package dev.orgmembersync.auth0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.orgmembersync.auth0.Auth0TestClients.Client;
import dev.orgmembersync.auth0.ScriptedAuth0Server.Reply;
import dev.orgmembersync.auth0.ScriptedAuth0Server.Request;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Pacer} seen from the wire: waits after 429, back-off on 5xx, client-side rate limiting. Waits for a
 * rate-limit reset run on a {@link ManualClock} where the test is about how long, not about timing on the wire.
 */
class PacerIntegrationTest {

    static final String ORG = "org_Nuv6WsOjyU53rGyQ";
    static final String MEMBERS = "/api/v2/organizations/" + ORG + "/members";
    static final List<String> IDS = List.of("auth0|65f1c0a1b2c3d4e5f6a7b8c9");
    /** Instant.now() and the server's arrival stamps may differ by clock granularity. */
    static final Duration SLACK = Duration.ofMillis(50);

    @AutoClose
    ScriptedAuth0Server server;

    @BeforeEach
    void start() throws IOException {
        server = ScriptedAuth0Server.start();
    }

    Client client(RateLimitProperties rates, RetryProperties retry) {
        return Auth0TestClients.client(Auth0TestClients.staticToken(server.baseUrl(), "tok"), rates, retry);
    }

    Client client(RetryProperties retry, ManualClock clock) {
        return Auth0TestClients.client(Auth0TestClients.staticToken(server.baseUrl(), "tok"), Auth0TestClients.unlimited(),
                retry, clock, clock.sleeper());
    }

    /** Member writes at {@code perMinute} with Auth0's burst of 20; reads and lookups unlimited. */
    static RateLimitProperties writesAt(int perMinute) {
        return new RateLimitProperties(new RateLimitProperties.Writes(perMinute, 20),
                new RateLimitProperties.Reads(600_000, 1_000), new RateLimitProperties.Tenant(0, 0),
                new RateLimitProperties.OrganizationsByName(600_000, 1_000),
                new RateLimitProperties.Users(600_000, 1_000), new RateLimitProperties.Invitations(600_000, 1_000),
                new RateLimitProperties.UserReads(600_000, 1_000), new RateLimitProperties.Roles(600_000, 1_000),
                new RateLimitProperties.MemberRoles(600_000, 1_000));
    }

    /** Runs {@code calls} calls on {@code threads} threads at once and returns their results in submission order. */
    static <T> List<T> inParallel(int threads, int calls, Supplier<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                futures.add(pool.submit(call::get));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        }
        finally {
            pool.shutdownNow();
        }
    }

    static List<Long> arrivalMillis(List<Request> requests) {
        return requests.stream().map(request -> request.arrivedAt().toEpochMilli()).sorted().toList();
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
                new RateLimitProperties.OrganizationsByName(600_000, 1_000),
                new RateLimitProperties.Users(600_000, 1_000), new RateLimitProperties.Invitations(600_000, 1_000),
                new RateLimitProperties.UserReads(600_000, 1_000), new RateLimitProperties.Roles(600_000, 1_000),
                new RateLimitProperties.MemberRoles(600_000, 1_000));
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

    @Test
    void shouldSpaceWritesByAtLeastHalfThePeriodWhenManyThreadsWaitForPermits() throws Exception {
        // given writes at 300/min (one every 200 ms) with Auth0's burst of 20, and 6 threads that always want to send
        Client client = client(writesAt(300), Auth0TestClients.fastRetry(1));
        server.always(MEMBERS, Reply.noContent());
        // when 12 writes are made
        List<AddOutcome> outcomes = inParallel(6, 12, () -> client.api().addMembers(ORG, IDS));
        // then they left one by one: no batch of permits at a period boundary (Resilience4j handed out burst / 2
        // = 10 at once before). The first gap is left out: the limiter's periods are a fixed grid, so the first
        // call after an idle spell may take its permit late in a period and the next one at the period's end.
        assertThat(outcomes).allMatch(AddOutcome.Added.class::isInstance);
        List<Long> arrivals = arrivalMillis(server.requests());
        List<Long> gaps = new ArrayList<>();
        for (int i = 2; i < arrivals.size(); i++) {
            gaps.add(arrivals.get(i) - arrivals.get(i - 1));
        }
        System.out.printf("[measured] 12 writes at 5/s on 6 threads: gaps %s ms%n", gaps);
        assertThat(arrivals).hasSize(12);
        assertThat(gaps).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(100));
    }

    @Test
    void shouldSendNothingBetweenA429AndItsResetAndResumeOneAtATimeWhenThreadsWereWaiting() throws Exception {
        // given writes at 600/min (one every 100 ms), 6 threads; Auth0 accepts 3 writes, answers the 4th with 429
        // (bucket empty until the reset, at least one second away), then accepts everything and reports room for 10
        Client client = client(writesAt(600), Auth0TestClients.retry(2, Duration.ofSeconds(5)));
        long resetSecond = Instant.now().getEpochSecond() + 2;
        Instant reset = Instant.ofEpochSecond(resetSecond);
        Reply accepted = Reply.noContent().header("x-ratelimit-limit", "20").header("x-ratelimit-remaining", "10")
                .header("x-ratelimit-reset", Long.toString(resetSecond));
        server.enqueue(MEMBERS, accepted, accepted, accepted, tooManyRequests(resetSecond));
        server.always(MEMBERS, accepted);
        // when 12 writes are made
        List<AddOutcome> outcomes = inParallel(6, 12, () -> client.api().addMembers(ORG, IDS));
        // then every write was added in the end, and only the 429 was retried, although max-attempts is 2
        assertThat(outcomes).allMatch(AddOutcome.Added.class::isInstance);
        List<Request> requests = server.requests();
        assertThat(requests).hasSize(13);
        assertThat(client.metrics().totals()).isEqualTo(new ApiMetrics.ApiTotals(13, 1, 1));
        // and nothing arrived between the 429 (plus what was already on its way) and the advertised reset
        Instant refusedAt = requests.get(3).arrivedAt();
        List<Long> early = requests.stream().map(Request::arrivedAt)
                .filter(at -> at.isAfter(refusedAt.plusMillis(50)) && at.isBefore(reset.minus(SLACK)))
                .map(at -> Duration.between(at, reset).toMillis()).toList();
        assertThat(early).as("ms before the reset of writes sent after the 429").isEmpty();
        // and after the reset the waiting threads left one per period, not together: the k-th write after the
        // first one no earlier than k - 1 periods after it (half a period of slack for arrival jitter)
        List<Long> after = arrivalMillis(requests).stream().filter(at -> at >= reset.minus(SLACK).toEpochMilli()).toList();
        System.out.printf("[measured] after the reset: writes at +%s ms%n",
                after.stream().map(at -> at - after.get(0)).toList());
        assertThat(after).hasSizeGreaterThanOrEqualTo(8);
        for (int k = 2; k < after.size(); k++) {
            assertThat(after.get(k) - after.get(0)).as("write %d after the reset", k)
                    .isGreaterThanOrEqualTo((k - 1) * 100L - 50);
        }
    }

    @Test
    void shouldKeepRetrying429sBeyondMaxAttemptsWhenWithinTheThrottleTimeout() {
        // given max-attempts 2 (for 5xx) and a throttle timeout of an hour; Auth0 answers 429 five times, then 204
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        Client client = client(new RetryProperties(2, Duration.ofMillis(20), Duration.ofSeconds(60), Duration.ofHours(1)),
                clock);
        Reply refused = tooManyRequests(clock.instant().getEpochSecond()).header("retry-after", "30");
        server.enqueue(MEMBERS, refused, refused, refused, refused, refused, Reply.noContent());
        // when
        AddOutcome outcome = client.api().addMembers(ORG, IDS);
        // then the call waited (at least 30 s, the Retry-After) after each 429 and succeeded on the sixth request
        assertThat(outcome).isInstanceOf(AddOutcome.Added.class);
        assertThat(server.requests()).hasSize(6);
        assertThat(client.metrics().totals()).isEqualTo(new ApiMetrics.ApiTotals(6, 5, 5));
        assertThat(Duration.between(Instant.parse("2026-01-01T00:00:00Z"), clock.instant()))
                .isBetween(Duration.ofSeconds(150), Duration.ofSeconds(180));
    }

    @Test
    void shouldStopTheRunWhenTheBucketAnswersOnly429ForTheThrottleTimeout() {
        // given a throttle timeout of 10 minutes and a tenant that answers every write with 429, Retry-After 60 s
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        ManualClock clock = new ManualClock(start);
        Client client = client(new RetryProperties(2, Duration.ofMillis(20), Duration.ofSeconds(60), Duration.ofMinutes(10)),
                clock);
        server.always(MEMBERS, tooManyRequests(start.getEpochSecond()).header("retry-after", "60"));
        // when / then the call ends with the failure that stops the run (exit 1, the next run resumes), after a
        // wait of 60 s (the cap of one wait) after each 429 until ten minutes of refusals had gone by
        assertThatThrownBy(() -> client.api().addMembers(ORG, IDS))
                .isInstanceOf(TenantUnavailableException.class)
                .hasMessageContaining("429")
                .hasMessageContaining("member-writes")
                .hasMessageContaining("sync.retry.throttle-timeout=10m");
        assertThat(server.requests()).hasSize(11);
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMinutes(10));
        assertThat(clock.sleeps()).hasSize(10).allMatch(Duration.ofSeconds(60)::equals);
    }

    @Test
    void shouldCountTheThrottleTimeoutAgainWhenTheBucketAnswersSomethingElseInBetween() {
        // given a throttle timeout of 2 minutes, waits of 60 s after each 429, and two calls that each get two
        // 429s before a 204: three minutes of 429s in all, but never two minutes without another answer
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        ManualClock clock = new ManualClock(start);
        Client client = client(new RetryProperties(2, Duration.ofMillis(20), Duration.ofSeconds(60), Duration.ofMinutes(2)),
                clock);
        Reply refused = tooManyRequests(start.getEpochSecond()).header("retry-after", "60");
        server.enqueue(MEMBERS, refused, refused, Reply.noContent(), refused, refused, Reply.noContent());
        // when
        AddOutcome first = client.api().addMembers(ORG, IDS);
        AddOutcome second = client.api().addMembers(ORG, IDS);
        // then both calls were added: the 204 in between started the count of refusals again
        assertThat(first).isInstanceOf(AddOutcome.Added.class);
        assertThat(second).isInstanceOf(AddOutcome.Added.class);
        assertThat(server.requests()).hasSize(6);
        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void shouldNotDrawOnTheMemberReadsBucketWhenLookingUpOrganizationsByName() {
        // given member reads at 60/min burst 1 (one per second) and organization lookups at 6,000/min
        RateLimitProperties rates = new RateLimitProperties(new RateLimitProperties.Writes(600_000, 1_000),
                new RateLimitProperties.Reads(60, 1), new RateLimitProperties.Tenant(0, 0),
                new RateLimitProperties.OrganizationsByName(6_000, 10), new RateLimitProperties.Users(600_000, 1_000),
                new RateLimitProperties.Invitations(600_000, 1_000),
                new RateLimitProperties.UserReads(600_000, 1_000), new RateLimitProperties.Roles(600_000, 1_000),
                new RateLimitProperties.MemberRoles(600_000, 1_000));
        Client client = client(rates, Auth0TestClients.fastRetry(1));
        server.always(MEMBERS, Reply.json(200, "{\"members\":[]}"));
        for (String name : List.of("acme", "globex", "initech", "umbrella")) {
            server.always("/api/v2/organizations/name/" + name, Reply.json(200, "{\"id\":\"org_" + name + "\"}"));
        }
        // when a member page is read, then four organizations are looked up by name
        assertThat(client.api().membersPage(ORG, null)).isPresent();
        long start = System.nanoTime();
        List<OrganizationLookup> ids = List.of("acme", "globex", "initech", "umbrella").stream()
                .map(client.api()::organizationIdByName).toList();
        Duration lookups = Duration.ofNanos(System.nanoTime() - start);
        // then the lookups did not wait for the member-reads bucket (which would take three seconds)
        System.out.printf("[measured] 4 lookups by name after a member read: %d ms%n", lookups.toMillis());
        assertThat(ids).containsExactly(new OrganizationLookup.Found("org_acme"), new OrganizationLookup.Found("org_globex"),
                new OrganizationLookup.Found("org_initech"), new OrganizationLookup.Found("org_umbrella"));
        assertThat(lookups).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void shouldKeepReadingMembersWhileALookupByNameWaitsForItsReset() throws Exception {
        // given a lookup by name that is answered 429 with a reset about two seconds away, then 200
        Client client = client(Auth0TestClients.unlimited(), Auth0TestClients.retry(3, Duration.ofSeconds(5)));
        long resetSecond = Instant.now().getEpochSecond() + 2;
        String byName = "/api/v2/organizations/name/acme";
        server.enqueue(byName, tooManyRequests(resetSecond), Reply.json(200, "{\"id\":\"org_acme\"}"));
        server.always(MEMBERS, Reply.json(200, "{\"members\":[]}"));
        ExecutorService lookup = Executors.newSingleThreadExecutor();
        try {
            Future<OrganizationLookup> id = lookup.submit(() -> client.api().organizationIdByName("acme"));
            // (the client closes the bucket's gate before it counts the 429)
            while (client.metrics().totals().throttled() == 0) {
                Thread.sleep(5);
            }
            // when members are read while the lookup waits
            assertThat(client.api().membersPage(ORG, null)).isPresent();
            // then the read went out before the lookup's reset: the 429 closed only the lookups' bucket
            assertThat(server.requests(MEMBERS).get(0).arrivedAt()).isBefore(Instant.ofEpochSecond(resetSecond));
            assertThat(id.get(10, TimeUnit.SECONDS)).isEqualTo(new OrganizationLookup.Found("org_acme"));
        }
        finally {
            lookup.shutdownNow();
        }
    }
}
