package dev.orgmembersync.reliability;

import static dev.orgmembersync.reliability.Reports.generatedOrganization;
import static dev.orgmembersync.reliability.Reports.generatedUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.orgmembersync.reliability.JobDatabase.Execution;
import dev.orgmembersync.reliability.Reports.Membership;

/**
 * A SIGKILLed process leaves its execution STARTED in the (H2 file) job database; the next run of the same
 * command marks it FAILED and takes the run over.
 */
class StaleLockIT {

    private static final int ROWS = 600;
    private static final int ORGANIZATIONS = 4;

    @AutoClose("destroyAll")
    private static final ChildProcesses sandboxes = new ChildProcesses();
    private static Path dir;
    private static SandboxProcess sandbox;

    @AutoClose("destroyAll")
    private final ChildProcesses jobs = new ChildProcesses();

    @BeforeAll
    static void startSandbox() {
        dir = ChildProcesses.workDir("StaleLockIT");
        sandbox = SandboxProcess.start(sandboxes, dir, "--generate-orgs=" + ORGANIZATIONS, "--generate-users=" + ROWS,
                "--latency-ms=5");
    }

    @Test
    void shouldMarkTheKilledExecutionFailedAndTakeOverWhenTheNextRunStarts() {
        // given
        long seed = Long.getLong("orgsync.it.seed", System.nanoTime());
        System.out.println("StaleLockIT seed " + seed + " (rerun with -Dorgsync.it.seed=" + seed + ")");
        List<Membership> rows = IntStream.range(0, ROWS)
                .mapToObj(i -> new Membership(generatedOrganization(i % ORGANIZATIONS + 1), generatedUser(i + 1))).toList();
        Path input = Reports.input(dir.resolve("members.csv"), rows);
        JobDatabase database = JobDatabase.h2File(dir.resolve("db"));
        JobProcess job = new JobProcess(jobs, dir, sandbox.baseUrl(), database, dir.resolve("report"));
        String[] options = { "--sync.concurrency=1", "--sync.rate-limit.writes.per-minute=1200" };
        long postsBefore = sandbox.memberPosts();
        ChildProcess killed = job.start("killed", input, options);
        assertThat(killed.awaitCondition(() -> sandbox.memberPosts() > postsBefore, Duration.ofSeconds(60), 40))
                .as("the first run never started adding\n%s", killed.describe()).isTrue();
        ChildProcess.sleep(200 + new Random(seed).nextInt(1000));
        assertThat(killed.kill()).as("the first run finished before its kill\n%s", killed.describe()).isTrue();
        List<Execution> left = database.executions();
        assertThat(left).extracting(Execution::status).as("executions after SIGKILL").containsExactly("STARTED");
        assertThat(left.get(0).ended()).as("END_TIME of the killed execution").isFalse();
        long stale = left.get(0).id();

        // when
        ChildProcess next = job.start("next", input, options);
        int exitCode = next.awaitExit(Duration.ofSeconds(90));

        // then
        assertThat(exitCode).as(next.describe()).isZero();
        List<Execution> executions = database.executions();
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(next.stdout()).contains(
                    "Run 1 was left running by a process that no longer exists (attempt 1)",
                    "Resuming the unfinished run 1 of " + input.toAbsolutePath() + " (attempt 2; the last one ended STARTED)");
            softly.assertThat(executions).extracting(Execution::id, Execution::instanceId, Execution::status, Execution::ended)
                    .as("the killed execution, then the one that took over the same run (job instance)")
                    .containsExactly(tuple(stale, left.get(0).instanceId(), "FAILED", true),
                            tuple(executions.get(executions.size() - 1).id(), left.get(0).instanceId(), "COMPLETED", true));
            softly.assertThat(database.steps(stale, "STARTED")).as("steps of the killed execution still STARTED").isEmpty();
            rows.stream().collect(Collectors.groupingBy(Membership::organizationId,
                    Collectors.mapping(Membership::userId, Collectors.toSet())))
                    .forEach((org, users) -> softly.assertThat(sandbox.members(org)).as("members of %s", org).containsAll(users));
            softly.assertThat(Reports.reconciliation(job.reportDir())).as("report lines").hasSize(ROWS);
            softly.assertThat(Reports.summary(job.reportDir()).path("status").asString()).isEqualTo("COMPLETED");
        });
    }
}
