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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.orgmembersync.launch.Launcher;
import dev.orgmembersync.reliability.Reports.Membership;

/**
 * {@code java -jar} runs the job in a second JVM with a class-data archive from the cache directory: the first run
 * makes the archive, later runs map it; the launcher passes the exit code on, SIGKILL of the launcher takes the
 * job's JVM along at once (the crash tests rely on it), SIGTERM reaches the job's JVM, and a run that stops at once
 * or fails makes no archive.
 */
class LauncherIT {

    private static final String LAUNCHER_PID = "-Dorg-member-sync.launcher-pid=";
    private static final int ORGANIZATIONS = 2;
    private static final int USERS = 400;

    @AutoClose("destroyAll")
    private static final ChildProcesses sandboxes = new ChildProcesses();
    private static Path dir;
    private static SandboxProcess sandbox;

    @AutoClose("destroyAll")
    private final ChildProcesses jobs = new ChildProcesses();

    @BeforeAll
    static void startSandbox() {
        dir = ChildProcesses.workDir("LauncherIT");
        sandbox = SandboxProcess.start(sandboxes, dir, "--generate-orgs=" + ORGANIZATIONS, "--generate-users=" + USERS,
                "--latency-ms=5");
    }

    @Test
    void shouldMakeTheArchiveOnTheFirstRunAndStartLaterRunsWithIt() throws IOException {
        // given
        Path cache = dir.resolve("cache-reuse");
        Path input = input("reuse.csv", 0, 20);

        // when
        ChildProcess first = start("first", cache, input);
        int firstExit = first.awaitExit(Duration.ofMinutes(2));

        // then
        assertThat(firstExit).as(first.describe()).isZero();
        Path entry = onlyEntry(cache);
        assertThat(entry.resolve("app.jsa")).isNotEmptyFile();
        assertThat(entry.resolve("app.jsa.draft")).doesNotExist();

        // when
        ChildProcess second = start("second", cache, input);
        Optional<ProcessHandle> jobJvm = jobJvm(second);
        List<String> arguments = jobJvm.flatMap(handle -> handle.info().arguments()).map(Arrays::asList).orElse(List.of());
        int secondExit = second.awaitExit(Duration.ofMinutes(2));

        // then
        assertThat(secondExit).as(second.describe()).isZero();
        assertThat(arguments).as("the job's JVM of the second run")
                .contains("-XX:SharedArchiveFile=" + entry.resolve("app.jsa"), LAUNCHER_PID + second.pid(),
                        "-XX:TieredStopAtLevel=1")
                .anyMatch(argument -> argument.startsWith("--sync.input="));
        assertThat(second.stdout()).contains("COMPLETED").doesNotContain("[warning]");
    }

    @Test
    void shouldTakeTheJobJvmAlongWhenTheLauncherIsKilled() {
        // given
        Path cache = prepareCache("cache-kill");

        // when
        ChildProcess launcher = startAndAwaitFirstPost("killed", cache, input("kill.csv", 100, 300));
        ProcessHandle jobJvm = jobJvm(launcher).orElseThrow(() -> new AssertionError("no job JVM\n" + launcher.describe()));
        launcher.kill();

        // then (a killed process the test's JVM did not start stays a zombie until init reaps it: stopped, not gone)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (Launcher.running(jobJvm) && System.nanoTime() < deadline) {
            ChildProcess.sleep(20);
        }
        assertThat(Launcher.running(jobJvm)).as("the job's JVM 2 s after its launcher was killed").isFalse();
        long postsAfterKill = sandbox.memberPosts();
        ChildProcess.sleep(1500);
        assertThat(sandbox.memberPosts()).as("POSTs after the job's JVM was gone").isEqualTo(postsAfterKill);
    }

    @Test
    void shouldStopTheJobJvmOnSigtermAndExitWithItsCode() throws InterruptedException {
        // given: the same SIGTERM, once to a job in the launching JVM and once to a launcher with a job JVM
        Path cache = prepareCache("cache-term");
        int singleJvmExit = sigtermDuringAdds("term-single", Path.of("off"), input("term-single.csv", 100, 200));

        // when
        ChildProcess launcher = startAndAwaitFirstPost("term-launcher", cache, input("term-launcher.csv", 200, 300));
        ProcessHandle jobJvm = jobJvm(launcher).orElseThrow(() -> new AssertionError("no job JVM\n" + launcher.describe()));
        ProcessHandle.of(launcher.pid()).orElseThrow().destroy();
        int exit = launcher.awaitExit(Duration.ofSeconds(60));

        // then
        assertThat(jobJvm.isAlive()).as("the job's JVM after SIGTERM to its launcher").isFalse();
        assertThat(exit).as(launcher.describe()).isEqualTo(singleJvmExit);
    }

    @Test
    void shouldMakeNoArchiveFromARunThatFailsOrIsAnsweredAtOnce() throws IOException {
        // given
        Path cache = dir.resolve("cache-none");
        Path input = input("none.csv", 300, 310);

        // when (one after another: a run that finds another making the archive runs in its own JVM)
        ChildProcess help = start("help", cache, input, "--help");
        int helpExit = help.awaitExit(Duration.ofMinutes(1));
        ChildProcess missing = start("missing", cache, dir.resolve("no-such-file.csv"));
        int missingExit = missing.awaitExit(Duration.ofMinutes(1));
        ChildProcess refused = start("refused", cache, input, "--auth0.client-secret=not-the-secret");
        int refusedExit = refused.awaitExit(Duration.ofMinutes(2));

        // then
        assertThat(helpExit).as(help.describe()).isZero();
        assertThat(missingExit).as(missing.describe()).isEqualTo(1);
        assertThat(refusedExit).as(refused.describe()).isEqualTo(1);
        assertThat(refused.stderr() + refused.stdout()).contains("refused the client credentials")
                .doesNotContain("not-the-secret");
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.map(Path::getFileName).map(Path::toString))
                    .as("the cache after runs that made no archive").doesNotContain("app.jsa", "app.jsa.draft");
        }
    }

    @Test
    void shouldRunTheJobInTheLaunchingJvmWhenTheCacheIsOff() {
        // given
        Path input = input("off.csv", 310, 330);

        // when
        ChildProcess run = start("off", Path.of("off"), input);
        Optional<ProcessHandle> jobJvm = jobJvm(run);
        int exit = run.awaitExit(Duration.ofMinutes(2));

        // then
        assertThat(exit).as(run.describe()).isZero();
        assertThat(jobJvm).as("a second JVM with ORG_MEMBER_SYNC_CACHE=off").isEmpty();
    }

    /** Runs a job once (cache {@code name}) so that later runs find the archive. */
    private Path prepareCache(String name) {
        Path cache = dir.resolve(name);
        ChildProcess training = start(name + "-training", cache, input(name + ".csv", 380, 390));
        assertThat(training.awaitExit(Duration.ofMinutes(2))).as(training.describe()).isZero();
        return cache;
    }

    private int sigtermDuringAdds(String name, Path cache, Path input) {
        ChildProcess run = startAndAwaitFirstPost(name, cache, input);
        ProcessHandle.of(run.pid()).orElseThrow().destroy();
        return run.awaitExit(Duration.ofSeconds(60));
    }

    /** A slow run (one call at a time, 120 writes a minute), once the sandbox has received its first POST. */
    private ChildProcess startAndAwaitFirstPost(String name, Path cache, Path input) {
        long postsBefore = sandbox.memberPosts();
        ChildProcess run = start(name, cache, input, "--sync.concurrency=1", "--sync.rate-limit.writes.per-minute=120");
        assertThat(run.awaitCondition(() -> sandbox.memberPosts() > postsBefore, Duration.ofSeconds(60), 20))
                .as(run.describe()).isTrue();
        return run;
    }

    /** {@code java -jar} with {@code ORG_MEMBER_SYNC_CACHE=cache} ({@code off}: no cache); an H2 file per run. */
    private ChildProcess start(String name, Path cache, Path input, String... extra) {
        List<String> command = ChildProcesses.java("-jar", ChildProcesses.jar().toString());
        command.addAll(List.of("--sync.input=" + input.toAbsolutePath(),
                "--auth0.base-url=" + sandbox.baseUrl(),
                "--auth0.client-id=" + SandboxProcess.CLIENT_ID,
                "--auth0.client-secret=" + SandboxProcess.CLIENT_SECRET,
                "--spring.datasource.url=" + JobDatabase.h2File(dir.resolve("db-" + name)).url(),
                "--sync.report-dir=" + dir.resolve("report-" + name),
                "--sync.verify.recheck-delay=200ms"));
        command.addAll(new ArrayList<>(List.of(extra)));
        String cacheSetting = cache.toString().equals("off") ? "off" : cache.toAbsolutePath().toString();
        return jobs.start(name, command, dir, Map.of("ORG_MEMBER_SYNC_CACHE", cacheSetting));
    }

    /** The launcher's child that runs the job, if one appears while the launcher runs. */
    private static Optional<ProcessHandle> jobJvm(ChildProcess launcher) {
        Optional<ProcessHandle> parent = ProcessHandle.of(launcher.pid());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (parent.isPresent() && parent.get().isAlive() && System.nanoTime() < deadline) {
            Optional<ProcessHandle> job = parent.get().children()
                    .filter(child -> child.info().arguments().map(Arrays::asList).orElse(List.of()).stream()
                            .anyMatch(argument -> argument.startsWith(LAUNCHER_PID)))
                    .findFirst();
            if (job.isPresent()) {
                return job;
            }
            ChildProcess.sleep(20);
        }
        return Optional.empty();
    }

    private static Path onlyEntry(Path cache) throws IOException {
        try (Stream<Path> entries = Files.list(cache)) {
            List<Path> all = entries.filter(Files::isDirectory).toList();
            assertThat(all).as("entries of " + cache).hasSize(1);
            return all.get(0);
        }
    }

    private static Path input(String name, int from, int to) {
        List<Membership> rows = IntStream.range(from, to)
                .mapToObj(i -> new Membership(generatedOrganization(i % ORGANIZATIONS + 1), generatedUser(i % USERS + 1)))
                .toList();
        try {
            Files.createDirectories(dir);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return Reports.input(dir.resolve(name), rows);
    }
}
