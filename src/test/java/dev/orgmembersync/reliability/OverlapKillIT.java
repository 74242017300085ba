package dev.orgmembersync.reliability;

import static dev.orgmembersync.reliability.Reports.generatedUser;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Kills the real jar while its steps overlap: first while the snapshot is still listing organizations and the adds of
 * the listed ones are under way, then (the resumed attempt) while verification lists organizations whose adds are
 * done and the adds of the others go on. The last attempt finishes: every member is added, no batch the ledger had
 * recorded as accepted is sent again, and only batches in flight at a kill are.
 */
class OverlapKillIT {

    private static final int ORGANIZATIONS = 8;
    private static final int MEMBERS_BEFORE = 450;
    private static final int NEW_MEMBERS = 100;
    private static final int IN_FLIGHT = 4;
    /**
     * Reads at 2/s make the snapshot (6 listings per organization, 20 of the 48 from the burst) last about 14 s;
     * writes at 5/s, the adds 16 s. The buckets are no smaller than Auth0 documents (20): a smaller one would look
     * like a free tenant's shared bucket, where the job runs the steps one after another.
     */
    private static final String[] SANDBOX_RATES = { "--reads-per-minute=120", "--reads-burst=20",
            "--writes-per-minute=300", "--writes-burst=20", "--latency-ms=20" };

    @AutoClose("destroyAll")
    private final ChildProcesses children = new ChildProcesses();

    @Test
    void shouldResumeExactlyWhenKilledWhileReadsAndWritesOverlap() throws IOException {
        // given 8 organizations of 450 members, and an input that keeps them and adds 100 to each
        Path dir = ChildProcesses.workDir("OverlapKillIT");
        Path seed = Files.writeString(dir.resolve("seed.json"), seed());
        List<String> options = new ArrayList<>(List.of("--seed=" + seed,
                "--generate-users=" + ORGANIZATIONS * (MEMBERS_BEFORE + NEW_MEMBERS)));
        options.addAll(List.of(SANDBOX_RATES));
        SandboxProcess sandbox = SandboxProcess.start(children, dir, options.toArray(String[]::new));
        JobDatabase database = JobDatabase.h2File(dir.resolve("jobdb"));
        JobProcess job = new JobProcess(children, dir, sandbox.baseUrl(), database, dir.resolve("report"));
        Path input = input(dir);
        String[] jobOptions = { "--sync.concurrency=" + IN_FLIGHT };
        Set<String> recordedBeforeKills = new HashSet<>();

        // when the first attempt is killed while the snapshot lists and the adds send
        ChildProcess first = job.start("overlap-1", input, jobOptions);
        assertThat(first.awaitCondition(() -> sandbox.memberPosts() >= 5, Duration.ofSeconds(60), 20)).isTrue();
        assertThat(first.stdout()).as("the snapshot is still listing").doesNotContain("phase snapshot done");
        assertThat(first.kill()).isTrue();
        String firstStopped = database.whereTheLastExecutionStopped();
        recordedBeforeKills.addAll(acceptedAndRecorded(sandbox, database));

        // and the resumed attempt is killed while verification lists and the adds send
        long getsBefore = sandbox.memberGets();
        ChildProcess second = job.start("overlap-2", input, jobOptions);
        assertThat(second.awaitCondition(() -> second.stdout().contains("phase snapshot done")
                && sandbox.memberGets() > getsBefore + 3, Duration.ofSeconds(60), 20)).isTrue();
        assertThat(second.stdout()).as("the adds are still sending").doesNotContain("phase addMembers done");
        assertThat(second.kill()).isTrue();
        String secondStopped = database.whereTheLastExecutionStopped();
        recordedBeforeKills.addAll(acceptedAndRecorded(sandbox, database));

        // and a third attempt runs to the end
        ChildProcess last = job.start("overlap-3", input, jobOptions);
        assertThat(last.awaitExit(Duration.ofMinutes(2))).as(last.describe()).isZero();

        // then both kills hit steps running side by side
        assertThat(firstStopped).contains("snapshotStep").contains("addMembersStep");
        assertThat(secondStopped).contains("addMembersStep").contains("verifyStep").doesNotContain("snapshotStep");
        // and the last attempt resumed the run, and every member is there
        assertThat(last.stdout()).contains("Resuming the unfinished run");
        for (int org = 1; org <= ORGANIZATIONS; org++) {
            assertThat(sandbox.members(organization(org))).hasSize(MEMBERS_BEFORE + NEW_MEMBERS);
        }
        JsonNode counts = Reports.summary(job.reportDir()).path("counts");
        assertThat(counts.path("ADDED").asLong()).isEqualTo((long) ORGANIZATIONS * NEW_MEMBERS);
        assertThat(counts.path("ALREADY_MEMBER").asLong()).isEqualTo((long) ORGANIZATIONS * MEMBERS_BEFORE);
        // and nothing the ledger had recorded as accepted was sent again; only batches in flight at a kill were
        Map<String, Map<String, Integer>> posts = sandbox.posts();
        assertThat(recordedBeforeKills).isNotEmpty().allSatisfy(id -> assertThat(postsOf(posts, id)).as(id).isEqualTo(1));
        assertThat(SandboxProcess.postedMoreThanOnce(posts)).hasSizeLessThanOrEqualTo(2 * IN_FLIGHT * 10);
        // and no member before the run was sent
        assertThat(posts.values().stream().mapToLong(users -> users.size()).sum())
                .isEqualTo((long) ORGANIZATIONS * NEW_MEMBERS);
    }

    /** "org/user" of every id Auth0 accepted that the ledger no longer has PENDING: recorded as sent or confirmed. */
    private static Set<String> acceptedAndRecorded(SandboxProcess sandbox, JobDatabase database) {
        Set<String> pending = database.pendingLedgerRows();
        return sandbox.posts().entrySet().stream()
                .flatMap(org -> org.getValue().keySet().stream().map(user -> org.getKey() + "/" + user))
                .filter(id -> !pending.contains(id)).collect(Collectors.toSet());
    }

    private static int postsOf(Map<String, Map<String, Integer>> posts, String id) {
        String[] parts = id.split("/", 2);
        return posts.getOrDefault(parts[0], Map.of()).getOrDefault(parts[1], 0);
    }

    private static Path input(Path dir) throws IOException {
        List<String> lines = new ArrayList<>(List.of("organization_id,user_id"));
        for (int org = 1; org <= ORGANIZATIONS; org++) {
            for (int i = 1; i <= MEMBERS_BEFORE + NEW_MEMBERS; i++) {
                lines.add(organization(org) + "," + user(org, i));
            }
        }
        return Files.write(dir.resolve("members.csv"), lines);
    }

    private static String seed() {
        String organizations = IntStream.rangeClosed(1, ORGANIZATIONS).mapToObj(org -> "{\"id\":\"" + organization(org)
                + "\",\"name\":\"overlap-" + org + "\",\"members\":[" + IntStream.rangeClosed(1, MEMBERS_BEFORE)
                .mapToObj(i -> "\"" + user(org, i) + "\"").collect(Collectors.joining(",")) + "]}")
                .collect(Collectors.joining(",\n"));
        return "{\"clients\":[{\"client_id\":\"" + SandboxProcess.CLIENT_ID + "\",\"client_secret\":\""
                + SandboxProcess.CLIENT_SECRET + "\",\"scopes\":[\"read:organization_members\","
                + "\"create:organization_members\",\"read:organizations\"]}],\n\"organizations\":[" + organizations + "]}\n";
    }

    private static String organization(int index) {
        return String.format("org_overlap%02d", index);
    }

    private static String user(int org, int index) {
        return generatedUser((org - 1) * (MEMBERS_BEFORE + NEW_MEMBERS) + index);
    }
}
