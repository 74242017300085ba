package dev.orgmembersync.reliability;

import static dev.orgmembersync.reliability.Reports.generatedOrganization;
import static dev.orgmembersync.reliability.Reports.generatedUser;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import dev.orgmembersync.reliability.JobDatabase.Execution;

/**
 * The roles step killed with SIGKILL: 100 new members, each to get the role {@code viewer}, one role call at a time at
 * four a second. The job is killed after a few role calls; the rerun resumes in the roles step, sends no role call
 * Auth0 had answered before the kill, and every member ends with the role.
 */
class RoleAssignmentKillIT {

    private static final int MEMBERS = 100;
    private static final Duration RUN = Duration.ofSeconds(180);
    private static final String[] PACED_ROLES = { "--sync.rate-limit.member-roles.per-minute=240",
        "--sync.rate-limit.member-roles.burst=1", "--sync.rate-limit.writes.per-minute=6000" };

    @AutoClose("destroyAll")
    private final ChildProcesses children = new ChildProcesses();

    @Test
    void shouldNotSendARoleCallAuth0AnsweredAgainAfterAKill() throws IOException {
        // given one organization, a file giving 100 new members the role viewer
        Path work = ChildProcesses.workDir("RoleAssignmentKillIT");
        String organization = generatedOrganization(1);
        Path input = Files.writeString(work.resolve("hr.csv"), "organization_id,user_id,roles\n"
                + IntStream.rangeClosed(1, MEMBERS).mapToObj(n -> organization + "," + generatedUser(n) + ",viewer\n")
                        .collect(Collectors.joining()));
        SandboxProcess sandbox = SandboxProcess.start(children, work, "--seed=" + seed(work), "--generate-orgs=1",
                "--generate-users=" + MEMBERS);
        JobDatabase database = JobDatabase.h2File(work.resolve("db"));
        Path reports = work.resolve("reports");
        JobProcess job = new JobProcess(children, work, sandbox.baseUrl(), database, reports);

        // when the run is killed after its fifth role call
        ChildProcess killed = job.start("killed", input, PACED_ROLES);
        assertThat(killed.awaitCondition(() -> rolePosts(sandbox) >= 5, RUN, 20))
                .as("no fifth role call\n%s", killed.describe()).isTrue();
        assertThat(killed.kill()).as("finished before the kill\n%s", killed.describe()).isTrue();
        assertThat(database.whereTheLastExecutionStopped()).isEqualTo("assignRolesStep");
        List<Execution> executions = database.executions();
        Set<String> confirmed = database.rolesAdded(executions.get(executions.size() - 1).instanceId());
        long postsAtKill = rolePosts(sandbox);

        // and the same command runs again
        ChildProcess rerun = job.start("rerun", input, PACED_ROLES);
        int exitCode = rerun.awaitExit(RUN);

        // then every member has the role, and no role call Auth0 had answered was sent again
        assertThat(exitCode).as(rerun.describe()).isZero();
        assertThat(rerun.stdout()).contains("Resuming the unfinished run");
        Map<String, Long> posts = rolePostsPerUser(sandbox, organization);
        assertThat(posts).as("members with a role call").hasSize(MEMBERS);
        assertThat(confirmed).as("role calls recorded before the kill").hasSizeGreaterThanOrEqualTo(3);
        confirmed.forEach(user -> assertThat(posts.get(user)).as("role calls for %s, answered before the kill", user)
                .isEqualTo(1));
        List<String> twice = posts.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey)
                .toList();
        assertThat(twice).as("sent again: only calls in flight at the kill (%s sent before it)", postsAtKill)
                .hasSizeLessThanOrEqualTo(2);
        assertThat(Reports.reconciliation(reports)).filteredOn(row -> row[3].equals("ADDED"))
                .allSatisfy(row -> assertThat(row[7]).isEqualTo("viewer")).hasSize(MEMBERS);
    }

    /** The sandbox's client with the role scopes, and the tenant role viewer. */
    private static Path seed(Path work) {
        try {
            return Files.writeString(work.resolve("seed.json"), """
                    {"clients": [{"client_id": "%s", "client_secret": "%s", "scopes": ["read:organization_members",
                      "create:organization_members", "read:organizations", "read:roles", "read:organization_member_roles",
                      "create:organization_member_roles"]}],
                     "roles": [{"id": "rol_KillTestViewer01", "name": "viewer"}]}
                    """.formatted(SandboxProcess.CLIENT_ID, SandboxProcess.CLIENT_SECRET));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static long rolePosts(SandboxProcess sandbox) {
        return sandbox.stats().path("requests").path("member_roles_post").asLong();
    }

    private static Map<String, Long> rolePostsPerUser(SandboxProcess sandbox, String organization) {
        Map<String, Long> counts = new TreeMap<>();
        sandbox.stats().path("role_posts").path(organization).properties()
                .forEach(user -> counts.put(user.getKey(), user.getValue().asLong()));
        return counts;
    }
}
