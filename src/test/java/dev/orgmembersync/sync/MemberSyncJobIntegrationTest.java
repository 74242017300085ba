package dev.orgmembersync.sync;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.GLOBEX;
import static dev.orgmembersync.SyncRunFixture.user;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.BucketLimit;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.TenantSeed;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The whole job through the real main, against the sandbox tenant on loopback. */
@ExtendWith(OutputCaptureExtension.class)
class MemberSyncJobIntegrationTest {

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture fixture;

    private SyncRunFixture start(SandboxSettings settings, TenantSeed seed) {
        fixture = new SyncRunFixture(dir, settings, seed);
        return fixture;
    }

    @Test
    void shouldPostAtMostTenIdsPerCallGroupedPerOrganizationWhenInputInterleavesOrganizations() {
        // given 23 new ids for ACME and 7 for GLOBEX, interleaved
        SyncRunFixture run = start(SandboxSettings.unlimited(), SyncRunFixture.seed(40, 0));
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            rows.add((i % 4 == 0 && i <= 28 ? GLOBEX : ACME) + "," + user(i));
        }
        // when
        int exit = run.run(run.csv("interleaved.csv", rows));
        // then 10 + 10 + 3 for ACME, 7 for GLOBEX: four calls, each id sent once
        assertThat(exit).isZero();
        assertThat(run.sandbox().stats().membersPostRequests()).isEqualTo(4);
        for (int i = 1; i <= 30; i++) {
            String org = i % 4 == 0 && i <= 28 ? GLOBEX : ACME;
            assertThat(run.sandbox().postsFor(org, user(i))).as(user(i)).isEqualTo(1);
            assertThat(run.sandbox().members(org)).contains(user(i));
        }
        assertThat(run.countStatus("ADDED")).isEqualTo(30);
        assertThat(run.summary().path("counts").path("ADDED").asLong()).isEqualTo(30);
    }

    @Test
    void shouldAddNineAndRejectOneWhenBatchOfTenHasOneUnknownUser() {
        // given ten rows for one organization, the sixth an id the tenant does not know
        SyncRunFixture run = start(SandboxSettings.unlimited(), SyncRunFixture.seed(20, 0));
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            rows.add(ACME + "," + (i == 6 ? "auth0|nobody" : user(i)));
        }
        // when
        int exit = run.run(run.csv("one-unknown.csv", rows));
        // then
        assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
        Map<String, String[]> byUser = run.reportBy(row -> row[2]);
        assertThat(byUser.get("auth0|nobody")[0]).isEqualTo("7");
        assertThat(byUser.get("auth0|nobody")[3]).isEqualTo("UNKNOWN_USER");
        assertThat(byUser.get("auth0|nobody")[4]).contains("One or more users do not exist");
        assertThat(run.countStatus("ADDED")).isEqualTo(9);
        assertThat(run.sandbox().members(ACME)).hasSize(9).doesNotContain("auth0|nobody");
        assertThat(run.summary().path("status").asString()).isEqualTo("COMPLETED_WITH_REJECTIONS");
    }

    @Test
    void shouldReadPastOneThousandMembersWhenOrganizationIsLarge() {
        // given an organization with 2,500 members; the input names them all and five more
        SyncRunFixture run = start(SandboxSettings.unlimited(), SyncRunFixture.seed(2505, 2500));
        List<String> rows = users(1, 2505).stream().map(id -> ACME + "," + id).toList();
        // when
        int exit = run.run(run.csv("large.csv", rows));
        // then every existing member is recognised (offset paging would stop at 1000)
        assertThat(exit).isZero();
        assertThat(run.countStatus("ALREADY_MEMBER")).isEqualTo(2500);
        assertThat(run.countStatus("ADDED")).isEqualTo(5);
        assertThat(run.sandbox().stats().membersPostRequests()).isEqualTo(1);
        // snapshot and verify each page 2,500 (then 2,505) members 100 at a time, plus Auth0's trailing empty page
        assertThat(run.sandbox().stats().membersGetRequests()).isEqualTo(26 + 27);
    }

    @Test
    void shouldSendNoPostWhenDryRun() {
        // given
        SyncRunFixture run = start(SandboxSettings.unlimited(), SyncRunFixture.seed(10, 2));
        Path input = run.csv("dry.csv", users(1, 5).stream().map(id -> ACME + "," + id).toList());
        // when
        int exit = run.run(input, "--sync.dry-run=true");
        // then
        assertThat(exit).isZero();
        assertThat(run.sandbox().stats().membersPostRequests()).isZero();
        assertThat(run.sandbox().members(ACME)).hasSize(2);
        assertThat(run.countStatus("ALREADY_MEMBER")).isEqualTo(2);
        assertThat(run.countStatus("WOULD_ADD")).isEqualTo(3);
    }

    @Test
    void shouldResumeWithoutResendingConfirmedBatchesWhenTenantFailsHalfWay(CapturedOutput output) throws Exception {
        // given 60 new members (six batches) sent one batch at a time, about one per second
        SyncRunFixture run = start(SandboxSettings.unlimited(), SyncRunFixture.seed(60, 0));
        Path input = run.csv("restart.csv", users(1, 60).stream().map(id -> ACME + "," + id).toList());
        String[] slow = { "--sync.concurrency=1", "--sync.rate-limit.writes.per-minute=120",
                "--sync.rate-limit.writes.burst=2", "--sync.retry.max-attempts=2" };
        // and the tenant starts dropping every connection once three batches have arrived
        Thread breaker = new Thread(() -> {
            while (run.sandbox().stats().membersPostRequests() < 3) {
                Thread.onSpinWait();
            }
            run.sandbox().faults(dev.orgmembersync.sandbox.Faults.none().withDropAfterApplyRate(1.0));
        });
        breaker.start();
        // when
        int first = run.run(input, slow);
        breaker.join();
        // then the run stops, resumable, having confirmed some batches
        assertThat(first).isEqualTo(ExitCodes.FAILED);
        assertThat(run.summary().path("status").asString()).isEqualTo("FAILED");
        List<String> confirmed = users(1, 60).stream().filter(id -> run.sandbox().postsFor(ACME, id) == 1).toList();
        // the batch in flight when the faults began may have been applied without an answer, so it is not "confirmed"
        assertThat(confirmed).hasSizeBetween(20, 50);
        // when the tenant recovers and the same command runs again
        run.sandbox().faults(dev.orgmembersync.sandbox.Faults.none());
        int second = run.run(input, slow);
        // then it resumes, never re-sends a confirmed batch, and ends with everyone added
        assertThat(second).isZero();
        assertThat(output).contains("Resuming the unfinished run 1");
        for (String id : confirmed) {
            assertThat(run.sandbox().postsFor(ACME, id)).as(id).isEqualTo(1);
        }
        assertThat(run.sandbox().members(ACME)).containsAll(users(1, 60));
        assertThat(run.countStatus("ADDED")).isEqualTo(60);
    }

    @Test
    void shouldStartFreshRunAndSendNothingWhenSameInputRunsAgainAfterCompleting(CapturedOutput output) {
        // given a completed run
        SyncRunFixture run = start(SandboxSettings.unlimited(), SyncRunFixture.seed(10, 0));
        Path input = run.csv("nightly.csv", users(1, 10).stream().map(id -> ACME + "," + id).toList());
        assertThat(run.run(input)).isZero();
        long posts = run.sandbox().stats().membersPostRequests();
        // when the same command runs again
        int exit = run.run(input);
        // then it is a new reconciliation that finds everyone already there
        assertThat(exit).isZero();
        assertThat(output).contains("Starting a new run of").contains("the 2nd run of this input; run 1 completed");
        assertThat(run.sandbox().stats().membersPostRequests()).isEqualTo(posts);
        assertThat(run.countStatus("ALREADY_MEMBER")).isEqualTo(10);
    }

    @Test
    void shouldReportEveryLineWithItsStatusAndWhy() {
        // given a mixed input: existing member, new member, duplicate, bad rows, unknown org, and an unlisted member
        SyncRunFixture run = start(SandboxSettings.unlimited(), SyncRunFixture.seed(10, 3));
        Path input = run.csv("mixed.csv", List.of(
                ACME + "," + user(1),
                ACME + "," + user(5),
                ACME + "," + user(5),
                "org-bad," + user(6),
                ACME + ",no-bar",
                "org_NoSuchOrg00001," + user(7),
                GLOBEX + "," + user(8)));
        // when
        int exit = run.run(input);
        // then
        assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
        List<String[]> report = run.report();
        assertThat(report).extracting(row -> row[0] + " " + row[3]).containsExactly(
                "2 ALREADY_MEMBER", "3 ADDED", "4 DUPLICATE", "5 INVALID", "6 INVALID", "7 UNKNOWN_ORGANIZATION",
                "8 ADDED", " UNLISTED_MEMBER", " UNLISTED_MEMBER");
        assertThat(report.get(2)[4]).contains("line 3");
        assertThat(report.get(3)[4]).startsWith("organization_id:").contains("org-bad");
        assertThat(report.get(4)[4]).startsWith("user_id:").contains("<connection>|<id>");
        assertThat(report.get(6)[1]).isEqualTo(GLOBEX);
        assertThat(report.subList(7, 9)).extracting(row -> row[1] + " " + row[2])
                .containsExactly(ACME + " " + user(2), ACME + " " + user(3));
        JsonNode summary = run.summary();
        assertThat(summary.path("status").asString()).isEqualTo("COMPLETED_WITH_REJECTIONS");
        assertThat(summary.path("rows").asLong()).isEqualTo(7);
        assertThat(summary.path("counts").path("ADDED").asLong()).isEqualTo(2);
        assertThat(summary.path("counts").path("INVALID").asLong()).isEqualTo(2);
        assertThat(summary.path("counts").path("UNLISTED_MEMBER").asLong()).isEqualTo(2);
        assertThat(summary.path("api").path("calls").asLong())
                .isEqualTo(run.sandbox().stats().totalRequests() - run.sandbox().stats().tokenRequests());
        assertThat(summary.path("durationSeconds").isNumber()).isTrue();
        assertThat(summary.path("organizations")).extracting(org -> org.path("id").asString())
                .containsExactly(ACME, GLOBEX, "org_NoSuchOrg00001");
    }

    @Test
    void shouldWaitForResetAndCountThrottlesWhenTenantBucketIsSmallerThanOurs() {
        // given a tenant whose tenant-wide bucket holds 2 and refills one per second, while we assume Auth0's 20;
        // its write bucket is roomy, so its headers on accepted calls do not warn: only 429s can tell
        SyncRunFixture run = start(SandboxSettings.unlimited().withWrites(BucketLimit.perSecond(100, 20))
                .withTenant(BucketLimit.perSecond(1, 2)), SyncRunFixture.seed(60, 0));
        Path input = run.csv("throttled.csv", users(1, 60).stream().map(id -> ACME + "," + id).toList());
        // when
        int exit = run.run(input);
        // then every member arrives and the summary's counts match what the tenant saw
        assertThat(exit).isZero();
        assertThat(run.sandbox().members(ACME)).containsAll(users(1, 60));
        long throttled = run.sandbox().stats().tooManyRequests();
        assertThat(throttled).isPositive();
        assertThat(run.summary().path("api").path("throttled").asLong()).isEqualTo(throttled);
        assertThat(run.summary().path("api").path("retries").asLong()).isEqualTo(throttled);
    }
}
