package dev.orgmembersync.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

    @TempDir
    Path dir;

    @Test
    void shouldTakeTheCacheFromTheVariableThenXdgThenTheHomeDirectory() {
        assertThat(Launcher.cacheRoot(Map.of("ORG_MEMBER_SYNC_CACHE", "/var/cache/oms", "XDG_CACHE_HOME", "/x")))
                .contains(Path.of("/var/cache/oms"));
        assertThat(Launcher.cacheRoot(Map.of("XDG_CACHE_HOME", "/x"))).contains(Path.of("/x/org-member-sync"));
        assertThat(Launcher.cacheRoot(Map.of()))
                .contains(Path.of(System.getProperty("user.home"), ".cache", "org-member-sync"));
        assertThat(Launcher.cacheRoot(Map.of("ORG_MEMBER_SYNC_CACHE", "off"))).isEmpty();
        assertThat(Launcher.cacheRoot(Map.of("ORG_MEMBER_SYNC_CACHE", "OFF", "XDG_CACHE_HOME", "/x"))).isEmpty();
        assertThat(Launcher.cacheRoot(Map.of("ORG_MEMBER_SYNC_CACHE", " "))).isEmpty();
    }

    @Test
    void shouldAnswerHelpAndVersionAndReadStandardInputInTheLaunchingJvm() {
        assertThat(Launcher.worthRelaunching(new String[] { "--sync.input=members.csv" })).isTrue();
        assertThat(Launcher.worthRelaunching(new String[] { "--help" })).isFalse();
        assertThat(Launcher.worthRelaunching(new String[] { "-h" })).isFalse();
        assertThat(Launcher.worthRelaunching(new String[] { "--sync.input=a.csv", "--version" })).isFalse();
        assertThat(Launcher.worthRelaunching(new String[] { "--sync.input=/dev/stdin" })).isFalse();
        assertThat(Launcher.worthRelaunching(new String[] { "--sync.input=/proc/self/fd/0" })).isFalse();
        assertThat(Launcher.worthRelaunching(new String[] { "--sync.input=-" })).isFalse();
        // the last --sync.input wins, as in Spring
        assertThat(Launcher.worthRelaunching(new String[] { "--sync.input=/dev/stdin", "--sync.input=a.csv" })).isTrue();
    }

    @Test
    void shouldUseOnlyACacheDirectoryThatNobodyElseMayWrite() throws IOException {
        Path own = Files.createDirectory(dir.resolve("own"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path groupWritable = Files.createDirectory(dir.resolve("group"));
        Files.setPosixFilePermissions(groupWritable, PosixFilePermissions.fromString("rwxrwxr-x"));

        assertThat(Launcher.privateDirectory(own)).isTrue();
        assertThat(Launcher.privateDirectory(shared)).isFalse();
        assertThat(Launcher.privateDirectory(groupWritable)).isFalse();
        assertThat(Launcher.privateDirectory(dir.resolve("missing"))).isFalse();
    }

    @Test
    void shouldTakeAZombieForAProcessThatNoLongerRuns() throws Exception {
        // sh starts `sleep 0` and becomes `sleep 5`, which never reaps it: a zombie until sleep 5 ends
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 5").start();
        try {
            ProcessHandle zombie = null;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (zombie == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
                zombie = parent.toHandle().children().filter(child -> !Launcher.running(child)).findFirst().orElse(null);
            }

            assertThat(zombie).as("a zombie child of " + parent.pid()).isNotNull();
            assertThat(zombie.isAlive()).as("what the JDK says of the zombie").isTrue();
            assertThat(Launcher.running(parent.toHandle())).isTrue();
        }
        finally {
            parent.destroyForcibly().waitFor();
        }
        assertThat(Launcher.running(parent.toHandle())).isFalse();
    }

    @Test
    void shouldKeepTheQuickCompilerForSmallInputsOnly() throws IOException {
        Path small = Files.writeString(dir.resolve("small.csv"), "organization_id,user_id\norg_1,auth0|1\n");
        Path large = dir.resolve("large.csv");
        try (RandomAccessFile file = new RandomAccessFile(large.toFile(), "rw")) {
            file.setLength(2L << 20);
        }

        assertThat(Launcher.smallInput(new String[] { "--sync.input=" + small })).isTrue();
        assertThat(Launcher.smallInput(new String[] { "--sync.input=" + large })).isFalse();
        assertThat(Launcher.smallInput(new String[] { "--sync.input=" + dir.resolve("missing.csv") })).isFalse();
    }
}
