package dev.orgmembersync.reliability;

import static dev.orgmembersync.reliability.Reports.generatedOrganization;
import static dev.orgmembersync.reliability.Reports.generatedUser;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.orgmembersync.reliability.JobDatabase.Execution;
import dev.orgmembersync.reliability.Reports.Membership;

/**
 * The snapshot records each organization as done when it has paged it, so a restart pages only the others. Run 3
 * of an input (two completed runs before it) is killed during its snapshot of 50 organizations; the rerun resumes
 * run 3 and its member GETs stay within the organizations not recorded done, the one in flight included. With
 * {@code sync.history.keep-runs=2}, run 3 also drops run 1 and its default report directory.
 */
class SnapshotCheckpointIT {

    private static final int ORGANIZATIONS = 50;
    private static final int USERS_PER_ORGANIZATION = 2;
    /** GETs to list a small organization: its page, then Auth0's trailing empty page. */
    private static final int GETS_PER_ORGANIZATION = 2;
    private static final String[] FAST = { "--sync.history.keep-runs=2", "--sync.concurrency=16", "--sync.rate-limit.writes.per-minute=60000",
        "--sync.rate-limit.writes.burst=100", "--sync.rate-limit.reads.per-minute=60000", "--sync.rate-limit.reads.burst=100" };
    private static final Duration RUN = Duration.ofSeconds(90);

    @AutoClose("destroyAll")
    private static final ChildProcesses sandboxes = new ChildProcesses();
    private static Path dir;
    private static SandboxProcess sandbox;

    @AutoClose("destroyAll")
    private final ChildProcesses jobs = new ChildProcesses();

    @BeforeAll
    static void startSandbox() {
        dir = ChildProcesses.workDir("SnapshotCheckpointIT");
        // 100 ms per call: one organization at a time, the snapshot lasts 10 s and is killed a third of the way
        sandbox = SandboxProcess.start(sandboxes, dir, "--generate-orgs=" + ORGANIZATIONS,
                "--generate-users=" + ORGANIZATIONS * USERS_PER_ORGANIZATION, "--latency-ms=100");
    }

    @Test
    void shouldPageOnlyTheOrganizationsNotDoneWhenRunThreeIsKilledDuringItsSnapshot() {
        // given two completed runs of the input
        List<Membership> rows = IntStream.range(0, ORGANIZATIONS * USERS_PER_ORGANIZATION)
                .mapToObj(i -> new Membership(generatedOrganization(i % ORGANIZATIONS + 1), generatedUser(i + 1))).toList();
        Path input = Reports.input(dir.resolve("members.csv"), rows);
        JobDatabase database = JobDatabase.h2File(dir.resolve("db"));
        JobProcess job = new JobProcess(jobs, dir, sandbox.baseUrl(), database, null);
        for (String name : List.of("run1", "run2")) {
            ChildProcess run = job.start(name, input, FAST);
            assertThat(run.awaitExit(RUN)).as(run.describe()).isZero();
        }

        // and run 3 killed a third of the way through its snapshot, one organization at a time
        long getsBefore = sandbox.memberGets();
        ChildProcess killed = job.start("run3-killed", input, "--sync.history.keep-runs=2", "--sync.concurrency=1");
        assertThat(killed.awaitCondition(() -> sandbox.memberGets() - getsBefore >= ORGANIZATIONS * GETS_PER_ORGANIZATION / 3,
                RUN, 20)).as("run 3 never got a third of the way\n%s", killed.describe()).isTrue();
        assertThat(killed.kill()).as("run 3 finished before its kill\n%s", killed.describe()).isTrue();
        List<Execution> executions = database.executions();
        long run3 = executions.get(executions.size() - 1).instanceId();
        assertThat(database.whereTheLastExecutionStopped()).contains("snapshotStep");
        assertThat(database.organizationsRegistered(run3)).as("organizations of run 3 recorded").isEqualTo(ORGANIZATIONS);
        long notDone = database.organizationsNotSnapshotted(run3);
        assertThat(notDone).as("organizations not recorded done").isLessThan(ORGANIZATIONS * 3 / 4);

        // when the same command runs again
        long getsBeforeRerun = sandbox.memberGets();
        ChildProcess rerun = job.start("run3-rerun", input, FAST);
        int exitCode = rerun.awaitExit(RUN);

        // then it resumes run 3 and lists only the organizations not done (nothing was added, so nothing to verify)
        assertThat(exitCode).as(rerun.describe()).isZero();
        assertThat(rerun.stdout()).contains("Resuming the unfinished run 3 of " + input.toAbsolutePath(),
                "Reading the current members of " + notDone + " organizations");
        assertThat(sandbox.memberGets() - getsBeforeRerun).as("member GETs of the rerun")
                .isLessThanOrEqualTo(notDone * GETS_PER_ORGANIZATION);
        // and run 1 left the history when run 3 started: its report directory went with it, run 2's stays
        assertThat(killed.stdout()).contains("History: dropped run 1 of this input");
        // one directory per run (job instance), which every attempt of the run writes
        assertThat(dir.resolve("reports")).isDirectoryNotContaining(path -> path.endsWith("run-1"));
        assertThat(dir.resolve("reports/run-2/summary.json")).exists();
        assertThat(dir.resolve("reports/run-" + run3 + "/summary.json")).exists();
    }
}
