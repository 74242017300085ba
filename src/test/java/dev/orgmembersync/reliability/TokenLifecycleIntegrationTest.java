package dev.orgmembersync.reliability;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.GLOBEX;
import static dev.orgmembersync.SyncRunFixture.user;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.SandboxStats;

/**
 * The client-credentials token over a whole run: cached, renewed before it expires, renewed once when the
 * tenant revokes it. (A wrong secret stopping the run at once, after one token request, is covered by
 * {@code ExitCodeIntegrationTest}.)
 */
class TokenLifecycleIntegrationTest {

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture run;

    @Test
    void shouldRequestOneTokenForTheWholeRunWhenTheTokenOutlivesIt() {
        // given 24 h tokens and 200 new members over two organizations
        run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(200, 0));
        Path input = run.csv("cached.csv", IntStream.rangeClosed(1, 200)
                .mapToObj(i -> (i % 2 == 0 ? ACME : GLOBEX) + "," + user(i)).toList());
        // when
        int exit = run.run(input);
        // then dozens of calls shared one token
        SandboxStats stats = run.sandbox().stats();
        assertThat(exit).isZero();
        assertThat(stats.membersPostRequests() + stats.membersGetRequests()).isGreaterThanOrEqualTo(20);
        assertThat(stats.tokenRequests()).isEqualTo(1);
        assertThat(run.countStatus("ADDED")).isEqualTo(200);
    }

    @Test
    void shouldRenewBeforeExpiryWithoutA401WhenTokensAreShortLived() {
        // given tokens that live 3 s and a run that takes several seconds (ten writes, 1.5 per second)
        run = new SyncRunFixture(dir, SandboxSettings.unlimited().withTokenLifetime(Duration.ofSeconds(3)),
                SyncRunFixture.seed(100, 0));
        Path input = run.csv("slow.csv", users(1, 100).stream().map(id -> ACME + "," + id).toList());
        // when
        long started = System.nanoTime();
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run.run(input,
                "--sync.concurrency=1", "--sync.rate-limit.writes.per-minute=90", "--sync.rate-limit.writes.burst=2"));
        double seconds = (System.nanoTime() - started) / 1e9;
        // then the token was renewed ahead of time, never after the tenant refused it, and not for every call
        SandboxStats stats = run.sandbox().stats();
        System.out.printf("short-lived tokens: %.1f s, %s%n", seconds, stats);
        assertThat(exit).isZero();
        assertThat(stats.unauthorized()).isZero();
        assertThat(stats.tokenRequests()).isGreaterThan(1)
                .isLessThanOrEqualTo((long) Math.ceil(seconds / 1.5) + 1)
                .isLessThan(stats.membersPostRequests() + stats.membersGetRequests());
        assertThat(run.countStatus("ADDED")).isEqualTo(100);
    }

    @Test
    void shouldRenewExactlyOnceAndFinishWhenTheTenantRevokesTheTokenMidRun() throws Exception {
        // given 300 new members (30 calls), and a tenant that revokes every token once ten adds have arrived
        run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(300, 0));
        Path input = run.csv("revoked.csv", users(1, 300).stream().map(id -> ACME + "," + id).toList());
        CompletableFuture<Long> revokedAfter = CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long posts;
            while ((posts = run.sandbox().stats().membersPostRequests()) < 10 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            run.sandbox().revokeAllTokens();
            return posts;
        });
        // when (ten writes per second: the revocation lands in the middle of the add phase)
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run.run(input,
                "--sync.rate-limit.writes.per-minute=600", "--sync.rate-limit.writes.burst=10"));
        // then the calls refused with 401 got one new token between them, and the run completed
        long posts = revokedAfter.get(5, TimeUnit.SECONDS);
        SandboxStats stats = run.sandbox().stats();
        System.out.printf("revoked after %d adds: %s%n", posts, stats);
        assertThat(posts).isBetween(10L, 29L);
        assertThat(exit).isZero();
        assertThat(stats.unauthorized()).isPositive();
        assertThat(stats.tokenRequests()).isEqualTo(2);
        assertThat(run.countStatus("ADDED")).isEqualTo(300);
        // and a refused add applied nothing, so its resend is each id's only application
        for (String id : users(1, 300)) {
            assertThat(run.sandbox().postsFor(ACME, id)).as(id).isEqualTo(1);
        }
        assertThat(run.sandbox().members(ACME)).containsExactlyInAnyOrderElementsOf(List.copyOf(users(1, 300)));
    }
}
