package dev.orgmembersync.reliability;

import static dev.orgmembersync.reliability.Reports.generatedUser;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Nights of the real jar on one job database against a tenant with 15 times Auth0's documented member-write bucket,
 * no rate option given: night 1 finds the pace; night 2 is killed during its adds and resumed, and the resumed
 * attempt starts at night 1's pace (a killed attempt records none) and adds everyone.
 */
class LearnedPaceKillIT {

    private static final String ORG = "org_pace01";
    private static final Pattern NEXT_RUN = Pattern.compile("the next run on \\S+ starts at .*member-writes ([\\d,.]+)/min");
    private static final Pattern STARTING = Pattern.compile("starting at the pace earlier runs found on \\S+: .*member-writes ([\\d,.]+)/min");

    @AutoClose("destroyAll")
    private final ChildProcesses children = new ChildProcesses();

    @Test
    void shouldStartTheResumedAttemptOfAKilledNightAtThePaceTheLastNightFound() throws IOException, InterruptedException {
        // given a tenant whose member-write bucket holds 100 and refills 3,000 a minute, and 600 users
        Path dir = ChildProcesses.workDir("LearnedPaceKillIT");
        Path seed = Files.writeString(dir.resolve("seed.json"), "{\"clients\":[{\"client_id\":\"" + SandboxProcess.CLIENT_ID
                + "\",\"client_secret\":\"" + SandboxProcess.CLIENT_SECRET + "\",\"scopes\":[\"read:organization_members\","
                + "\"create:organization_members\",\"read:organizations\"]}],\"organizations\":[{\"id\":\"" + ORG
                + "\",\"name\":\"pace\",\"members\":[]}]}\n");
        SandboxProcess sandbox = SandboxProcess.start(children, dir, "--seed=" + seed, "--generate-users=600",
                "--writes-per-minute=3000", "--writes-burst=100", "--latency-ms=5");
        JobProcess job = new JobProcess(children, dir, sandbox.baseUrl(), JobDatabase.h2File(dir.resolve("jobdb")), null);

        // when night 1 adds 250 members (25 writes)
        ChildProcess night1 = job.start("night1", input(dir, "night1.csv", 1, 250));
        assertThat(night1.awaitExit(Duration.ofMinutes(2))).isZero();
        String learned = last(NEXT_RUN, night1.stdout());

        // and night 2 (350 members, one write in flight) is killed during its adds, then run again
        Path night2Input = input(dir, "night2.csv", 251, 600);
        ChildProcess killed = job.start("night2-killed", night2Input, "--sync.concurrency=1");
        assertThat(killed.awaitStdout("phase addMembers started", Duration.ofMinutes(2))).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sandbox.memberPosts() < 25 + 5 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(killed.kill()).as("killed during its adds").isTrue();
        ChildProcess resumed = job.start("night2-resumed", night2Input, "--sync.concurrency=1");
        assertThat(resumed.awaitExit(Duration.ofMinutes(2))).isZero();

        // then the resumed attempt started at night 1's pace, and every member is in the organization, once
        assertThat(resumed.stdout()).contains("Resuming the unfinished run");
        assertThat(last(STARTING, resumed.stdout())).isEqualTo(learned);
        assertThat(Double.parseDouble(learned.replace(",", ""))).isGreaterThan(300);
        assertThat(sandbox.members(ORG)).hasSize(600);
        assertThat(SandboxProcess.postedMoreThanOnce(sandbox.posts())).hasSizeLessThanOrEqualTo(10);
    }

    private static Path input(Path dir, String name, int from, int to) throws IOException {
        List<String> lines = new ArrayList<>(List.of("organization_id,user_id"));
        IntStream.rangeClosed(from, to).forEach(i -> lines.add(ORG + "," + generatedUser(i)));
        return Files.write(dir.resolve(name), lines);
    }

    private static String last(Pattern pattern, String log) {
        Matcher matcher = pattern.matcher(log);
        String found = null;
        while (matcher.find()) {
            found = matcher.group(1);
        }
        assertThat(found).as("a line matching " + pattern).isNotNull();
        return found;
    }
}
