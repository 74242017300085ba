package dev.orgmembersync.reliability;

import static dev.orgmembersync.reliability.Reports.generatedOrganization;
import static dev.orgmembersync.reliability.Reports.generatedUser;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.orgmembersync.reliability.JobDatabase.Execution;
import dev.orgmembersync.reliability.Reports.Membership;

/**
 * The same command every night on one job database, as a cron runs it: night 1 completes; members are removed in
 * Auth0; night 2 is killed (SIGKILL) during its adds; night 3 resumes night 2 and ends with every member present;
 * night 4, with nothing changed, adds nobody and sends only the ids Auth0 rejected before, one call each. Some
 * input ids are not users, so every night ends with exit code 2. Night 4 keeps two runs and drops run 1. On H2
 * and, when it is there, PostgreSQL.
 */
class NightlyRunsIT {

    private static final int ORGANIZATIONS = 3;
    private static final int USERS_PER_ORGANIZATION = 40;
    private static final int REMOVED_PER_ORGANIZATION = 20;
    private static final int UNKNOWN_USERS = 3;
    /** One add at a time, two a second without a burst: night 2's adds last long enough to be killed. */
    private static final String[] JOB_OPTIONS = { "--sync.concurrency=1", "--sync.rate-limit.writes.per-minute=120",
        "--sync.rate-limit.writes.burst=1" };
    private static final Duration NIGHT = Duration.ofSeconds(90);

    @AutoClose("destroyAll")
    private static final ChildProcesses sandboxes = new ChildProcesses();
    private static Path dir;
    private static SandboxProcess sandbox;

    @AutoClose("destroyAll")
    private final ChildProcesses jobs = new ChildProcesses();

    @BeforeAll
    static void startSandbox() {
        dir = ChildProcesses.workDir("NightlyRunsIT");
        sandbox = SandboxProcess.start(sandboxes, dir, "--generate-orgs=" + 2 * ORGANIZATIONS,
                "--generate-users=" + 2 * ORGANIZATIONS * USERS_PER_ORGANIZATION, "--latency-ms=5");
    }

    @Test
    void shouldResumeTheKilledNightAndSendOnlyTheRejectedIdsWhenRunEveryNightOnH2() {
        Path work = ChildProcesses.workDir("NightlyRunsIT-h2");
        nights(work, JobDatabase.h2File(work.resolve("db")), 0);
    }

    @Test
    void shouldResumeTheKilledNightAndSendOnlyTheRejectedIdsWhenRunEveryNightOnPostgres() {
        PostgresDatabase.assumeAvailable();
        try (PostgresDatabase database = PostgresDatabase.create()) {
            nights(ChildProcesses.workDir("NightlyRunsIT-postgres"), database.jobDatabase(), ORGANIZATIONS);
        }
    }

    /** {@code firstOrganization}: the two tests share the sandbox, so each has organizations of its own. */
    private void nights(Path work, JobDatabase database, int firstOrganization) {
        // given an input of 120 members of 3 organizations and 3 ids that are not users (two in one organization)
        List<Membership> valid = new ArrayList<>();
        for (int org = 0; org < ORGANIZATIONS; org++) {
            for (int user = 0; user < USERS_PER_ORGANIZATION; user++) {
                int n = (firstOrganization + org) * USERS_PER_ORGANIZATION + user + 1;
                valid.add(new Membership(generatedOrganization(firstOrganization + org + 1), generatedUser(n)));
            }
        }
        List<Membership> unknown = List.of(new Membership(organization(firstOrganization, 0), "auth0|nobody-1"),
                new Membership(organization(firstOrganization, 0), "auth0|nobody-2"),
                new Membership(organization(firstOrganization, 1), "auth0|nobody-3"));
        List<Membership> rows = new ArrayList<>(valid);
        rows.addAll(5, unknown.subList(0, 2));
        rows.add(50, unknown.get(2));
        Path input = Reports.input(work.resolve("members.csv"), rows);
        JobProcess job = new JobProcess(jobs, work, sandbox.baseUrl(), database, work.resolve("report"));

        // night 1 completes
        ChildProcess night1 = job.start("night1", input, "--sync.concurrency=4");
        assertThat(night1.awaitExit(NIGHT)).as(night1.describe()).isEqualTo(2);
        assertStatuses(job, rows, unknown, Set.of(), "night 1", "ADDED");

        // members are removed in Auth0; night 2 is killed during its adds
        List<Membership> removed = new ArrayList<>();
        for (int org = 0; org < ORGANIZATIONS; org++) {
            List<Membership> ofOrganization = valid.subList(org * USERS_PER_ORGANIZATION,
                    org * USERS_PER_ORGANIZATION + REMOVED_PER_ORGANIZATION);
            for (int from = 0; from < ofOrganization.size(); from += 10) { // Auth0's limit per call, kept by the sandbox
                sandbox.removeMembers(organization(firstOrganization, org), ofOrganization.subList(from,
                        Math.min(from + 10, ofOrganization.size())).stream().map(Membership::userId).toList());
            }
            removed.addAll(ofOrganization);
        }
        long postsBefore = sandbox.memberPosts();
        ChildProcess night2 = job.start("night2", input, JOB_OPTIONS);
        assertThat(night2.awaitCondition(() -> sandbox.memberPosts() > postsBefore, NIGHT, 20))
                .as("night 2 never started adding\n%s", night2.describe()).isTrue();
        assertThat(night2.kill()).as("night 2 finished before its kill\n%s", night2.describe()).isTrue();
        List<Execution> afterKill = database.executions();
        assertThat(afterKill.get(afterKill.size() - 1).status()).as("night 2's execution after SIGKILL").isEqualTo("STARTED");

        // night 3 resumes night 2 (run 2 of the input)
        ChildProcess night3 = job.start("night3", input, JOB_OPTIONS);
        assertThat(night3.awaitExit(NIGHT)).as(night3.describe()).isEqualTo(2);
        assertThat(night3.stdout()).contains("Resuming the unfinished run 2 of " + input.toAbsolutePath());
        assertStatuses(job, rows, unknown, Set.copyOf(removed), "night 3", "ALREADY_MEMBER");
        valid.stream().collect(Collectors.groupingBy(Membership::organizationId,
                Collectors.mapping(Membership::userId, Collectors.toSet())))
                .forEach((org, users) -> assertThat(sandbox.members(org)).as("members of %s after night 3", org)
                        .containsAll(users));

        // when night 4 runs with nothing changed
        long postsBeforeNight4 = sandbox.memberPosts();
        Map<String, Map<String, Integer>> acceptedBefore = sandbox.posts();
        ChildProcess night4 = job.start("night4", input, concat(JOB_OPTIONS, "--sync.history.keep-runs=2"));
        int night4Exit = night4.awaitExit(NIGHT);

        // then it starts run 3, adds nobody and sends each id rejected before alone: one call each
        assertThat(night4Exit).as(night4.describe()).isEqualTo(2);
        assertThat(night4.stdout()).contains("Starting a new run of " + input.toAbsolutePath()
                + " (the 3rd run of this input; run 2 completed)");
        assertThat(sandbox.memberPosts() - postsBeforeNight4).as("POSTs of night 4\n%s", night4.describe())
                .isEqualTo(UNKNOWN_USERS);
        assertThat(sandbox.posts()).as("accepted POSTs per id after night 4").isEqualTo(acceptedBefore);
        assertStatuses(job, rows, unknown, Set.of(), "night 4", "ALREADY_MEMBER");
        // keeping two runs, run 3 dropped run 1 (the rejected ids came from run 2, the previous one)
        assertThat(night4.stdout()).contains("History: dropped run 1 of this input");
        assertThat(database.executions()).extracting(Execution::instanceId).doesNotContain(afterKill.get(0).instanceId());
    }

    private static String[] concat(String[] options, String option) {
        List<String> all = new ArrayList<>(List.of(options));
        all.add(option);
        return all.toArray(String[]::new);
    }

    private static String organization(int firstOrganization, int org) {
        return generatedOrganization(firstOrganization + org + 1);
    }

    /**
     * Every report row: the ids that are not users UNKNOWN_USER, {@code added} ADDED, every other member
     * {@code others}; and a line for each input row.
     */
    private static void assertStatuses(JobProcess job, List<Membership> rows, List<Membership> unknown,
            Set<Membership> added, String night, String others) {
        Map<Membership, String> expected = new HashMap<>();
        rows.forEach(row -> expected.put(row, unknown.contains(row) ? "UNKNOWN_USER" : added.contains(row) ? "ADDED" : others));
        Map<Membership, String> reported = Reports.reconciliation(job.reportDir()).stream()
                .collect(Collectors.toMap(line -> new Membership(line[1], line[2]), line -> line[3]));
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(reported).as("report rows of %s", night).isEqualTo(expected);
            softly.assertThat(Reports.summary(job.reportDir()).path("status").asString()).as("status of %s", night)
                    .isEqualTo("COMPLETED_WITH_REJECTIONS");
        });
    }
}
