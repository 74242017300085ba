package dev.orgmembersync.reliability;

import static dev.orgmembersync.reliability.Reports.generatedOrganization;
import static dev.orgmembersync.reliability.Reports.generatedUser;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

import dev.orgmembersync.reliability.JobDatabase.Execution;
import dev.orgmembersync.reliability.Reports.Membership;

/**
 * Several processes ("pods") of the real jar sharing one PostgreSQL job database: the run lock lets exactly one
 * work on an input and refuses the others at once (exit 3), and a pod killed mid-run is taken over by the next.
 * Each test has its own input (organizations and users of its own) in one sandbox process.
 */
class SharedJobDatabaseIT {

    private static final int ROWS = 400;
    private static final int ORGANIZATIONS = 4;
    private static final int IDS_PER_POST = 10;
    /** 40 POSTs, one at a time, at 20/s: about 2 s of adds. */
    private static final String[] JOB_OPTIONS = { "--sync.concurrency=1", "--sync.rate-limit.writes.per-minute=1200" };

    @AutoClose("destroyAll")
    private static final ChildProcesses sandboxes = new ChildProcesses();
    @AutoClose
    private static PostgresDatabase database;
    private static Path dir;
    private static SandboxProcess sandbox;

    @AutoClose("destroyAll")
    private final ChildProcesses jobs = new ChildProcesses();

    @BeforeAll
    static void createDatabaseAndStartSandbox() {
        if (PostgresDatabase.unavailable() != null) {
            return; // each test says why it is skipped (or fails, on CI)
        }
        // Tables created as an earlier run would have left them: the race of a fresh database has its own test.
        database = PostgresDatabase.create().withSchema();
        dir = ChildProcesses.workDir("SharedJobDatabaseIT");
        sandbox = SandboxProcess.start(sandboxes, dir, "--generate-orgs=" + 3 * ORGANIZATIONS,
                "--generate-users=" + 3 * ROWS, "--latency-ms=5");
    }

    @BeforeEach
    void requirePostgres() {
        PostgresDatabase.assumeAvailable();
    }

    @Test
    void shouldRunOneAndRefuseTheOtherAtOnceWhenTwoProcessesStartTogether() {
        // given: the job database already has its tables
        List<Membership> rows = input(1);
        Path input = Reports.input(dir.resolve("together.csv"), rows);
        JobProcess job = new JobProcess(jobs, dir.resolve("together"), sandbox.baseUrl(), database.jobDatabase(),
                dir.resolve("together").resolve("report"));

        // when
        ChildProcess pod1 = job.start("pod-1", input, JOB_OPTIONS);
        ChildProcess pod2 = job.start("pod-2", input, JOB_OPTIONS);

        // then
        assertOneRanAndTheOtherWasRefusedAtOnce(pod1, pod2, rows, job.reportDir());
    }

    /**
     * The first deployment of two replicas: both create the job database's tables at the same moment. The test
     * makes that moment certain: it holds the ledger's {@code CREATE TABLE} open in a transaction of its own, so
     * both processes block on the same statement, then rolls back, which releases them together.
     */
    @Test
    void shouldRunOneAndRefuseTheOtherWhenTwoProcessesCreateTheTablesOfAFreshDatabaseAtTheSameMoment() throws Exception {
        // given
        List<Membership> rows = input(2);
        Path input = Reports.input(dir.resolve("fresh.csv"), rows);
        try (PostgresDatabase fresh = PostgresDatabase.create(); Connection barrier = fresh.connect()) {
            barrier.setAutoCommit(false);
            ScriptUtils.executeSqlScript(barrier, new ClassPathResource("org-member-sync-schema.sql"));
            JobProcess job = new JobProcess(jobs, dir.resolve("fresh"), sandbox.baseUrl(), fresh.jobDatabase(),
                    dir.resolve("fresh").resolve("report"));
            ChildProcess pod1 = job.start("pod-1", input, JOB_OPTIONS);
            ChildProcess pod2 = job.start("pod-2", input, JOB_OPTIONS);
            assertThat(pod1.awaitCondition(() -> fresh.sessionsWaitingForALock() >= 2 || !pod2.isAlive(),
                    Duration.ofSeconds(60), 50)).as("both pods should block on the open CREATE TABLE\n%s\n%s",
                            pod1.describe(), pod2.describe()).isTrue();

            // when
            barrier.rollback();

            // then
            assertOneRanAndTheOtherWasRefusedAtOnce(pod1, pod2, rows, job.reportDir());
        }
    }

    @Test
    void shouldResumeOnAnotherPodWithoutResendingConfirmedBatchesWhenTheFirstPodIsKilled() {
        // given
        long seed = Long.getLong("orgsync.it.seed", System.nanoTime());
        System.out.println("SharedJobDatabaseIT seed " + seed + " (rerun with -Dorgsync.it.seed=" + seed + ")");
        List<Membership> rows = input(0);
        Path input = Reports.input(dir.resolve("killed.csv"), rows);
        JobDatabase jobDatabase = database.jobDatabase();
        JobProcess job = new JobProcess(jobs, dir.resolve("killed"), sandbox.baseUrl(), jobDatabase,
                dir.resolve("killed").resolve("report"));
        long postsBefore = sandbox.memberPosts();
        long executionsBefore = jobDatabase.lastExecutionId();
        ChildProcess pod1 = job.start("pod-1", input, JOB_OPTIONS);
        assertThat(pod1.awaitCondition(() -> sandbox.memberPosts() > postsBefore, Duration.ofSeconds(60), 40))
                .as("pod-1 never started adding\n%s", pod1.describe()).isTrue();
        ChildProcess.sleep(300 + new Random(seed).nextInt(1200));
        assertThat(pod1.kill()).as("pod-1 finished before its kill\n%s", pod1.describe()).isTrue();
        List<Execution> left = jobDatabase.executionsAfter(executionsBefore);
        assertThat(left).extracting(Execution::status).as("executions after the kill").containsExactly("STARTED");

        // when
        ChildProcess pod2 = job.start("pod-2", input, JOB_OPTIONS);
        int exitCode = pod2.awaitExit(Duration.ofSeconds(90));

        // then
        assertThat(exitCode).as(pod2.describe()).isZero();
        Map<String, Integer> posts = postsOf(rows);
        List<Execution> executions = jobDatabase.executionsAfter(executionsBefore);
        SoftAssertions.assertSoftly(softly -> {
            // the run is named by its job instance id, as its ledger table is
            softly.assertThat(pod2.stdout()).contains("Run " + left.get(0).instanceId() + " was left running by a"
                    + " process that no longer exists (attempt 1)", "Resuming the unfinished run "
                    + left.get(0).instanceId() + " of " + input.toAbsolutePath() + " (attempt 2;");
            softly.assertThat(executions).extracting(Execution::status).as("executions after the takeover")
                    .containsExactly("FAILED", "COMPLETED");
            softly.assertThat(executions).extracting(Execution::id).as("the FAILED one is the killed one")
                    .startsWith(left.get(0).id());
            assertMembersAndReport(softly, rows, job.reportDir());
            softly.assertThat(posts.values()).as("POSTs per input id").allMatch(count -> count >= 1 && count <= 2);
            softly.assertThat(posts.values().stream().filter(count -> count > 1).count())
                    .as("ids POSTed twice: at most the one batch in flight at the kill").isLessThanOrEqualTo(IDS_PER_POST);
        });
    }

    private void assertOneRanAndTheOtherWasRefusedAtOnce(ChildProcess pod1, ChildProcess pod2, List<Membership> rows,
            Path reportDir) {
        assertThat(pod1.awaitCondition(() -> !pod1.isAlive() || !pod2.isAlive(), Duration.ofSeconds(90)))
                .as("neither pod ended\n%s\n%s", pod1.describe(), pod2.describe()).isTrue();
        ChildProcess first = pod1.isAlive() ? pod2 : pod1;
        ChildProcess second = first == pod1 ? pod2 : pod1;
        boolean secondRunningWhenFirstEnded = second.isAlive();
        int firstExit = first.awaitExit(Duration.ofSeconds(5));
        int secondExit = second.awaitExit(Duration.ofSeconds(90));
        Map<String, Integer> posts = postsOf(rows);
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(firstExit).as("the pod that ended first was refused\n%s", first.describe()).isEqualTo(3);
            softly.assertThat(first.stderr()).as("its one line on stderr").contains("another org-member-sync process is"
                    + " running this input");
            softly.assertThat(first.stdout()).as("it did nothing").doesNotContain("Starting a new run", "Resuming");
            softly.assertThat(secondRunningWhenFirstEnded).as("the refused pod did not wait for the other").isTrue();
            softly.assertThat(secondExit).as("the other pod ran\n%s", second.describe()).isZero();
            assertMembersAndReport(softly, rows, reportDir);
            softly.assertThat(posts.values()).as("POSTs per input id: the refused pod sent nothing").containsOnly(1);
        });
    }

    private static void assertMembersAndReport(SoftAssertions softly, List<Membership> rows, Path reportDir) {
        rows.stream().collect(Collectors.groupingBy(Membership::organizationId,
                Collectors.mapping(Membership::userId, Collectors.toSet())))
                .forEach((org, users) -> softly.assertThat(sandbox.members(org)).as("members of %s", org).containsAll(users));
        List<String[]> report = Reports.reconciliation(reportDir);
        softly.assertThat(report).extracting(line -> line[0]).as("report lines")
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(2, ROWS + 1).mapToObj(Integer::toString).toList());
        softly.assertThat(report).extracting(line -> line[3]).as("statuses").containsOnly("ADDED");
        softly.assertThat(Reports.summary(reportDir).path("status").asString()).isEqualTo("COMPLETED");
    }

    /** POSTs the sandbox accepted per input row's (organization, user). */
    private static Map<String, Integer> postsOf(List<Membership> rows) {
        Map<String, Map<String, Integer>> posts = sandbox.posts();
        return rows.stream().collect(Collectors.toMap(row -> row.organizationId() + "/" + row.userId(),
                row -> posts.getOrDefault(row.organizationId(), Map.of()).getOrDefault(row.userId(), 0)));
    }

    /** {@code ROWS} rows over organizations and users of the {@code n}-th slice of the sandbox's generated ids. */
    private static List<Membership> input(int n) {
        return IntStream.range(0, ROWS).mapToObj(i -> new Membership(
                generatedOrganization(n * ORGANIZATIONS + i % ORGANIZATIONS + 1), generatedUser(n * ROWS + i + 1))).toList();
    }
}
