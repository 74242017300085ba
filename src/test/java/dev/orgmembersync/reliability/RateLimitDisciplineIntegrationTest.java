package dev.orgmembersync.reliability;

import static dev.orgmembersync.SyncRunFixture.user;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.reliability.RecordingProxy.Hop;
import dev.orgmembersync.sandbox.BucketLimit;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.TenantSeed;

/**
 * How the client treats Auth0's member-write bucket, seen from the wire: a recording proxy in front of the
 * sandbox notes when each request arrived and what each answer advertised.
 */
class RateLimitDisciplineIntegrationTest {

    /**
     * A request the client sent before it could have read a 429 still arrives after that 429 left the
     * tenant; anything later than this was sent knowing the bucket was empty.
     */
    private static final long IN_FLIGHT_MILLIS = 50;

    private static final int ORGANIZATIONS = 4;

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture run;
    @AutoClose
    private RecordingProxy proxy;

    private static String org(int n) {
        return String.format("org_Pace%011d", n);
    }

    /** {@code members} new members spread over the organizations, behind a recording proxy. */
    private Path start(BucketLimit writes, int members) throws IOException {
        return start(writes, BucketLimit.off(), members);
    }

    private Path start(BucketLimit writes, BucketLimit tenant, int members) throws IOException {
        TenantSeed seed = TenantSeed.empty().withUsers(users(1, members));
        for (int o = 0; o < ORGANIZATIONS; o++) {
            seed = seed.withOrganization(org(o), "pace-" + o, List.of());
        }
        run = new SyncRunFixture(dir, SandboxSettings.unlimited().withWrites(writes).withTenant(tenant), seed);
        proxy = RecordingProxy.http(run.sandbox().baseUrl());
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= members; i++) {
            rows.add(org(i % ORGANIZATIONS) + "," + user(i));
        }
        return run.csv("pace.csv", rows);
    }

    /** Runs through the proxy; the client believes the write bucket holds 20 and refills 20 per second. */
    private int sync(Path input) {
        return sync(input, 10);
    }

    private int sync(Path input, int maxAttempts, String... extra) {
        List<String> options = new ArrayList<>(List.of("--auth0.base-url=" + proxy.baseUrl(),
                "--sync.rate-limit.writes.per-minute=1200", "--sync.rate-limit.writes.burst=20",
                "--sync.retry.max-attempts=" + maxAttempts));
        options.addAll(List.of(extra));
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run.run(input, options.toArray(String[]::new)));
    }

    /**
     * Member writes that arrived after an answer of the write bucket matching {@code closing} had left the
     * tenant ({@link #IN_FLIGHT_MILLIS} later) and before the reset that answer advertised.
     */
    private static List<String> writesBeforeReset(List<Hop> hops, Predicate<Hop> closing) {
        List<Hop> writes = hops.stream().filter(Hop::isMemberWrite).toList();
        List<String> early = new ArrayList<>();
        for (Hop answer : writes) {
            if (!closing.test(answer)) {
                continue;
            }
            long resetMillis = answer.rateLimitReset() * 1000;
            for (Hop next : writes) {
                if (next.arrivedAtMillis() > answer.answeredAtMillis() + IN_FLIGHT_MILLIS
                        && next.arrivedAtMillis() < resetMillis) {
                    early.add("a write arrived at " + next.arrivedAtMillis() + " (answered " + next.status()
                            + "), " + (next.arrivedAtMillis() - answer.answeredAtMillis()) + " ms after a "
                            + answer.status() + " with remaining " + answer.remaining() + " that advertised reset "
                            + resetMillis + ", " + (resetMillis - next.arrivedAtMillis()) + " ms too early");
                }
            }
        }
        return early;
    }

    private static boolean throttled(Hop hop) {
        return hop.status() == 429;
    }

    private static boolean emptied(Hop hop) {
        return hop.status() != 429 && hop.remaining() == 0;
    }

    @Test
    void shouldKeepThrottlingUnderThreePercentWhenClientUsesTheTenantsOwnLimits() throws IOException {
        // given Auth0's member-write bucket (burst 20, 200 per minute) refilling six times faster, configured alike
        Path input = start(BucketLimit.perSecond(20, 20), 1000);
        // when 1,000 new members (100 calls) are added
        int exit = sync(input);
        // then
        List<Hop> writes = proxy.hops().stream().filter(Hop::isMemberWrite).toList();
        long refused = writes.stream().filter(RateLimitDisciplineIntegrationTest::throttled).count();
        System.out.printf("rate limit (matched): %d writes, %d throttled (%.1f %%), sandbox %s%n", writes.size(),
                refused, 100.0 * refused / writes.size(), run.sandbox().stats());
        assertThat(exit).isZero();
        assertThat(run.countStatus("ADDED")).isEqualTo(1000);
        assertThat(writes.size()).isGreaterThanOrEqualTo(100);
        assertThat(refused).isLessThanOrEqualTo(writes.size() * 3 / 100);
        assertThat(run.sandbox().stats().tooManyRequests()).isEqualTo(refused);
    }

    @Test
    void shouldSendNoWriteBeforeTheAdvertisedResetWhenTenantAnswers429OrReportsBucketEmpty() throws IOException {
        // given a tenant whose write bucket (4, refilling 4 per second) is smaller than the client assumes (20, 20/s),
        // and whose tenant-wide bucket (12, refilling 2 per second) refills slower still: the write bucket's headers
        // report it empty, and the tenant-wide bucket, whose state only its 429s tell, refuses calls
        Path input = start(BucketLimit.perSecond(4, 4), BucketLimit.perSecond(2, 12), 200);
        // when 200 new members (20 calls) are added, with one attempt per call for 5xx and network faults
        int exit = sync(input, 1);
        // then some calls were refused, yet every row was added (a 429 does not use up max-attempts), some answers
        // reported the bucket empty, and after either the next write waited for the advertised reset (both
        // checks reported together)
        List<Hop> hops = proxy.hops();
        long refused = hops.stream().filter(Hop::isMemberWrite).filter(RateLimitDisciplineIntegrationTest::throttled)
                .count();
        long emptied = hops.stream().filter(Hop::isMemberWrite).filter(RateLimitDisciplineIntegrationTest::emptied)
                .count();
        List<String> afterThrottle = writesBeforeReset(hops, RateLimitDisciplineIntegrationTest::throttled);
        List<String> afterEmpty = writesBeforeReset(hops, RateLimitDisciplineIntegrationTest::emptied);
        System.out.printf("rate limit (small bucket): %d writes, %d throttled, %d reported empty; early writes: %d"
                + " after a 429, %d after remaining 0%n", hops.stream().filter(Hop::isMemberWrite).count(), refused,
                emptied, afterThrottle.size(), afterEmpty.size());
        assertThat(exit).isZero();
        assertThat(run.countStatus("ADDED")).isEqualTo(200);
        assertThat(refused).isPositive();
        assertThat(emptied).isPositive();
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(afterThrottle).as("writes sent before the reset of a 429").isEmpty();
            soft.assertThat(afterEmpty).as("writes sent before the reset of an answer with remaining 0").isEmpty();
        });
    }

    @Test
    void shouldStopWithExitOneAndFailNoRowWhenTheTenantAnswersOnly429ForTheThrottleTimeout() throws IOException {
        // given a tenant-wide bucket of 6 that never refills: the first 6 calls pass, then every call is answered 429
        // (reset a day away); each wait is capped at 200 ms, the throttle timeout is 2 s
        Path input = start(BucketLimit.off(), BucketLimit.perSecond(0, 6), 200);
        // when
        long started = System.nanoTime();
        int exit = sync(input, 10, "--sync.retry.max-backoff=200ms", "--sync.retry.throttle-timeout=2s");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        // then the run stopped (exit 1: the same command resumes it) once 429s had lasted 2 s, and no row was
        // given up on: none is FAILED, the ledger keeps the rest pending for the next run
        long refused = proxy.hops().stream().filter(Hop::isMemberWrite).filter(RateLimitDisciplineIntegrationTest::throttled)
                .count();
        System.out.printf("rate limit (only 429s): exit %d after %d ms, %d writes refused%n", exit, took.toMillis(),
                refused);
        assertThat(exit).isEqualTo(1);
        assertThat(run.summary().path("status").asString()).isEqualTo("FAILED");
        assertThat(run.summary().path("counts").path("FAILED").asLong()).isZero();
        assertThat(refused).isGreaterThan(10);
        // the bucket's 6 tokens went to the first calls, reads and writes alike (the adds run beside the snapshot)
        assertThat(proxy.hops().stream().filter(hop -> hop.path().startsWith("/api/v2/"))
                .filter(hop -> !throttled(hop)).count()).isEqualTo(6);
    }
}
