package dev.orgmembersync.reliability;

import static dev.orgmembersync.SyncRunFixture.user;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.BucketLimit;
import dev.orgmembersync.sandbox.Faults;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.SandboxStats;
import dev.orgmembersync.sandbox.TenantSeed;

/**
 * Thousands of rows against a tenant that fails now and then (503s, connections dropped after the add
 * was applied, slow answers) and whose write bucket is a little smaller than the one the client assumes.
 */
class FaultToleranceIntegrationTest {

    private static final int ORGANIZATIONS = 10;
    private static final int ROWS = 3000;

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture run;

    private static String org(int n) {
        return String.format("org_Fault%010d", n);
    }

    @Test
    void shouldAddEveryRowAndCountEveryRetryWhenTenantFailsIntermittently() {
        // given 3,000 new members over 10 organizations, interleaved
        TenantSeed seed = TenantSeed.empty().withUsers(users(1, ROWS));
        for (int o = 0; o < ORGANIZATIONS; o++) {
            seed = seed.withOrganization(org(o), "fault-" + o, List.of());
        }
        // and a tenant with 5 % 503s, 2 % of adds applied then the connection dropped (about 7 in all), 2 % answers 200 ms late,
        // refilling writes at 50/s and its tenant-wide bucket at 35/s while the client paces at 100/s with Auth0's
        // burst of 20, so 429s surely happen: the write bucket's headers slow the client down before it is empty,
        // but the tenant-wide bucket tells its state only in its 429s, and it is slower than the client, so a busy moment
        // meets a 429 even on a machine too busy to keep 40 calls/s on average
        Faults faults = Faults.none().withServerErrorRate(0.05).withDropAfterApplyRate(0.02)
                .withLatencySpikes(0.02, Duration.ofMillis(200)).withSeed(20240611L);
        run = new SyncRunFixture(dir, SandboxSettings.unlimited().withWrites(BucketLimit.perSecond(50, 20))
                .withTenant(BucketLimit.perSecond(35, 20)).withFaults(faults),
                seed);
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            rows.add(org(i % ORGANIZATIONS) + "," + user(i));
        }
        Path input = run.csv("faulty.csv", rows);
        // when
        long started = System.nanoTime();
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run.run(input,
                "--sync.rate-limit.writes.per-minute=6000", "--sync.rate-limit.writes.burst=20",
                "--sync.rate-limit.reads.per-minute=6000", "--sync.rate-limit.reads.burst=100",
                "--sync.retry.max-attempts=12", "--sync.retry.initial-backoff=10ms", "--sync.retry.max-backoff=2s"));
        double seconds = (System.nanoTime() - started) / 1e9;
        // then every row is in Auth0 and reported ADDED
        SandboxStats stats = run.sandbox().stats();
        JsonNode api = run.summary().path("api");
        System.out.printf("fault tolerance: %.1f s, exit %d, sandbox %s, summary api %s%n", seconds, exit, stats, api);
        assertThat(exit).isZero();
        for (int o = 0; o < ORGANIZATIONS; o++) {
            int org = o;
            List<String> expected = IntStream.rangeClosed(1, ROWS).filter(i -> i % ORGANIZATIONS == org)
                    .mapToObj(i -> user(i)).toList();
            assertThat(run.sandbox().members(org(o))).as(org(o)).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(run.countStatus("ADDED")).isEqualTo(ROWS);
        // and each fault really happened, so the equalities below compare something
        assertThat(stats.serverErrorsInjected()).isPositive();
        assertThat(stats.connectionsDropped()).isPositive();
        assertThat(stats.tooManyRequests()).isPositive();
        // and the summary counts what the tenant saw: every 429, and one retry per 503, 429 and dropped connection
        assertThat(api.path("throttled").asLong()).isEqualTo(stats.tooManyRequests());
        assertThat(api.path("retries").asLong())
                .isEqualTo(stats.serverErrorsInjected() + stats.tooManyRequests() + stats.connectionsDropped());
        assertThat(api.path("calls").asLong()).isEqualTo(stats.totalRequests() - stats.tokenRequests());
        // and a batch was sent again only after a dropped connection (503 and 429 apply nothing): ten ids per
        // applied call, 300 calls plus one resend per drop
        long applied = 0;
        for (int i = 1; i <= ROWS; i++) {
            applied += run.sandbox().postsFor(org(i % ORGANIZATIONS), user(i));
        }
        assertThat(applied).isEqualTo(10 * (ROWS / 10 + stats.connectionsDropped()));
    }
}
