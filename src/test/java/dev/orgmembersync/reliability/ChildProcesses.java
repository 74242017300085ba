package dev.orgmembersync.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The child processes of one test (or test class), destroyed together with {@link #destroyAll()} from
 * {@code @AfterEach}/{@code @AfterAll}; a JVM shutdown hook kills whatever a crashed test left behind.
 */
final class ChildProcesses {

    /** Child JVM options: C1 only starts a Boot jar about 40 % faster on a 2-core machine. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m");

    private static final Set<ChildProcess> EVERY_CHILD = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> EVERY_CHILD.forEach(ChildProcess::kill), "kill-children"));
    }

    private final List<ChildProcess> children = new ArrayList<>();

    /** The packaged jar, passed by failsafe as {@code -Dorgsync.jar}. */
    static Path jar() {
        String jar = System.getProperty("orgsync.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property orgsync.jar must name the packaged jar (failsafe sets it"
                    + " after `package`); got " + jar);
        }
        return Path.of(jar).toAbsolutePath();
    }

    /** {@code target/it-work/<name>-<time>}: next to the jar, kept after the run for its logs. */
    static Path workDir(String name) {
        Path dir = jar().getParent().resolve("it-work")
                .resolve(name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS")));
        try {
            return Files.createDirectories(dir);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** {@code java <options>} of the JVM running the tests. */
    static List<String> java(String... extraOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of(extraOptions));
        return command;
    }

    synchronized ChildProcess start(String name, List<String> command, Path logDir) {
        return start(name, command, logDir, Map.of());
    }

    synchronized ChildProcess start(String name, List<String> command, Path logDir, Map<String, String> environment) {
        ChildProcess child = new ChildProcess(name, command, logDir, environment);
        children.add(child);
        EVERY_CHILD.add(child);
        return child;
    }

    /** SIGKILLs every child of this group that is still running. */
    synchronized void destroyAll() {
        for (ChildProcess child : children) {
            child.kill();
            EVERY_CHILD.remove(child);
        }
        children.clear();
    }
}
