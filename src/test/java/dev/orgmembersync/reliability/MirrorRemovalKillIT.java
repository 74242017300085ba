package dev.orgmembersync.reliability;

import static dev.orgmembersync.reliability.Reports.generatedOrganization;
import static dev.orgmembersync.reliability.Reports.generatedUser;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import dev.orgmembersync.reliability.JobDatabase.Execution;
import dev.orgmembersync.reliability.Reports.Membership;

/**
 * Mirror mode killed with SIGKILL during its removals: 100 of an organization's 1,000 members have left, removed
 * ten per DELETE at two calls a second. The job is killed after the sandbox has received a few DELETEs; the rerun
 * resumes, sends no batch the ledger had recorded as confirmed, removes the rest, and nobody else is touched.
 */
class MirrorRemovalKillIT {

    private static final int MEMBERS = 1000;
    private static final int LISTED = 900;
    private static final int BATCH = 10;
    private static final Duration RUN = Duration.ofSeconds(120);
    private static final String[] MIRROR = { "--sync.mode=mirror", "--sync.rate-limit.writes.per-minute=120",
        "--sync.rate-limit.writes.burst=1" };

    @AutoClose("destroyAll")
    private final ChildProcesses children = new ChildProcesses();

    @Test
    void shouldNotSendAConfirmedRemovalBatchAgainAfterAKillOnH2() {
        Path work = ChildProcesses.workDir("MirrorRemovalKillIT-h2");
        killAndResume(work, JobDatabase.h2File(work.resolve("db")));
    }

    @Test
    void shouldNotSendAConfirmedRemovalBatchAgainAfterAKillOnPostgres() {
        PostgresDatabase.assumeAvailable();
        try (PostgresDatabase database = PostgresDatabase.create()) {
            killAndResume(ChildProcesses.workDir("MirrorRemovalKillIT-pg"), database.jobDatabase());
        }
    }

    private void killAndResume(Path work, JobDatabase database) {
        // given one organization with 1,000 members (two DELETEs a second at the sandbox) and an input listing 900
        String organization = generatedOrganization(1);
        List<Membership> rows = IntStream.rangeClosed(1, LISTED).mapToObj(n -> new Membership(organization,
                generatedUser(n))).toList();
        Path input = Reports.input(work.resolve("hr.csv"), rows);
        SandboxProcess sandbox = SandboxProcess.start(children, work, "--generate-orgs=1", "--generate-users=" + MEMBERS,
                "--seed-members=" + seedMembers(work, organization), "--writes-per-minute=120", "--writes-burst=1");
        Path reports = work.resolve("reports");
        JobProcess job = new JobProcess(children, work, sandbox.baseUrl(), database, reports);

        // when the run is killed after its third DELETE
        ChildProcess killed = job.start("killed", input, MIRROR);
        assertThat(killed.awaitCondition(() -> deletes(sandbox) >= 3, RUN, 20))
                .as("no third DELETE\n%s", killed.describe()).isTrue();
        assertThat(killed.kill()).as("finished before the kill\n%s", killed.describe()).isTrue();
        List<Execution> executions = database.executions();
        long runId = executions.get(executions.size() - 1).instanceId();
        assertThat(database.whereTheLastExecutionStopped()).contains("removeMembersStep").doesNotContain("addMembersStep");
        Set<String> confirmed = database.unlisted(runId, "REMOVAL_SENT");
        Map<String, Integer> deletesAtKill = deletesPerUser(sandbox, organization);

        // and the same command runs again
        ChildProcess rerun = job.start("rerun", input, MIRROR);
        int exitCode = rerun.awaitExit(RUN);

        // then it resumes, removes exactly the 100 leavers, and sends no confirmed id again
        assertThat(exitCode).as(rerun.describe()).isZero();
        assertThat(rerun.stdout()).contains("Resuming the unfinished run");
        Set<String> expected = new TreeSet<>();
        IntStream.rangeClosed(1, LISTED).forEach(n -> expected.add(generatedUser(n)));
        assertThat(sandbox.members(organization)).isEqualTo(expected);
        Map<String, Integer> deletes = deletesPerUser(sandbox, organization);
        assertThat(deletes.keySet()).as("ids deleted").isEqualTo(leavers());
        for (String entry : confirmed) {
            String userId = entry.substring(entry.indexOf('/') + 1);
            assertThat(deletes.get(userId)).as("DELETEs of %s, confirmed before the kill", userId).isEqualTo(1);
        }
        assertThat(confirmed).as("batches confirmed before the kill").hasSizeGreaterThanOrEqualTo(BATCH);
        List<String> twice = deletes.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        assertThat(twice).as("ids sent again: only those of calls in flight at the kill (%s were sent before it)",
                deletesAtKill.size()).hasSizeLessThanOrEqualTo(2 * BATCH);
        long removed = Reports.reconciliation(reports).stream().filter(row -> row[3].equals("REMOVED")).count();
        assertThat(removed).isEqualTo(MEMBERS - LISTED);
    }

    private static Set<String> leavers() {
        Set<String> leavers = new TreeSet<>();
        IntStream.rangeClosed(LISTED + 1, MEMBERS).forEach(n -> leavers.add(generatedUser(n)));
        return leavers;
    }

    private static long deletes(SandboxProcess sandbox) {
        return sandbox.stats().path("requests").path("members_delete").asLong();
    }

    private static Map<String, Integer> deletesPerUser(SandboxProcess sandbox, String organization) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        sandbox.stats().path("deletes").path(organization).properties()
                .forEach(user -> counts.put(user.getKey(), user.getValue().asInt()));
        return counts;
    }

    private static Path seedMembers(Path work, String organization) {
        List<String> lines = new ArrayList<>();
        IntStream.rangeClosed(1, MEMBERS).forEach(n -> lines.add(organization + "," + generatedUser(n)));
        try {
            return Files.write(work.resolve("members.csv"), lines);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
