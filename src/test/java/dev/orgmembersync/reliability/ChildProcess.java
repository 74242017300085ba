package dev.orgmembersync.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One child JVM: its stdout and stderr are pumped into memory (for waiting on log lines) and into
 * {@code <name>.out} / {@code <name>.err} files that survive a failed test.
 */
final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Path logDir;
    private final Process process;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread stdoutPump;
    private final Thread stderrPump;
    private final long startedNanos = System.nanoTime();
    private volatile long exitedNanos;

    ChildProcess(String name, List<String> command, Path logDir) {
        this(name, command, logDir, Map.of());
    }

    /** {@code environment}: variables set (or, with an empty value, removed) for the child. */
    ChildProcess(String name, List<String> command, Path logDir, Map<String, String> environment) {
        this.name = name;
        this.logDir = logDir;
        try {
            Files.createDirectories(logDir);
            Files.writeString(logDir.resolve(name + ".cmd"), String.join(" ", command) + "\n");
            ProcessBuilder builder = new ProcessBuilder(command).directory(logDir.toFile());
            environment.forEach((variable, value) -> {
                if (value.isEmpty()) {
                    builder.environment().remove(variable);
                }
                else {
                    builder.environment().put(variable, value);
                }
            });
            this.process = builder.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("could not start " + name, ex);
        }
        closeQuietly(process);
        process.onExit().thenRun(() -> exitedNanos = System.nanoTime());
        stdoutPump = pump(process.getInputStream(), stdout, logDir.resolve(name + ".out"));
        stderrPump = pump(process.getErrorStream(), stderr, logDir.resolve(name + ".err"));
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        }
        catch (IOException ignored) {
            // nothing is ever written to a child's stdin
        }
    }

    private Thread pump(InputStream stream, StringBuffer into, Path file) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
                    Writer log = Files.newBufferedWriter(file)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    into.append(line).append('\n');
                    log.write(line);
                    log.write('\n');
                    log.flush();
                }
            }
            catch (IOException ignored) {
                // the process is gone
            }
        }, name + "-pump");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything printed so far (all of it once the process has exited). */
    String stdout() {
        if (!process.isAlive()) {
            joinPumps();
        }
        return stdout.toString();
    }

    String stderr() {
        if (!process.isAlive()) {
            joinPumps();
        }
        return stderr.toString();
    }

    /** Waits until stdout contains {@code text}; false if the process ended first or time ran out. */
    boolean awaitStdout(String text, Duration timeout) {
        return awaitCondition(() -> stdout.indexOf(text) >= 0, timeout);
    }

    /** Polls {@code condition} every few milliseconds; false if the process ended first or time ran out. */
    boolean awaitCondition(BooleanSupplier condition, Duration timeout) {
        return awaitCondition(condition, timeout, 3);
    }

    /** Polls {@code condition} every {@code pollMillis}; false if the process ended first or time ran out. */
    boolean awaitCondition(BooleanSupplier condition, Duration timeout, long pollMillis) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!process.isAlive()) {
                return condition.getAsBoolean();
            }
            sleep(pollMillis);
        }
        return false;
    }

    /** Waits for the exit code; fails with the output's tail if the process is still running after {@code timeout}. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                String threads = threadDump();
                String described = describe();
                process.destroyForcibly();
                throw new AssertionError(name + " did not exit within " + timeout + "\n" + described + "--- threads:\n"
                        + threads);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        joinPumps();
        return process.exitValue();
    }

    /** SIGKILL (on Linux {@code destroyForcibly} is SIGKILL); true if the process was still running. */
    boolean kill() {
        boolean wasAlive = process.isAlive();
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        joinPumps();
        return wasAlive;
    }

    /** {@code jstack} of the running process (also saved as {@code <name>.threads}), for a hang's diagnosis. */
    String threadDump() {
        if (!process.isAlive()) {
            return "(" + name + " has exited)";
        }
        try {
            Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    Long.toString(process.pid())).redirectErrorStream(true).start();
            String dump = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jstack.waitFor(20, TimeUnit.SECONDS);
            Files.writeString(logDir.resolve(name + ".threads"), dump);
            return dump;
        }
        catch (IOException ex) {
            return "(no thread dump: " + ex + ")";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** Nanotime of the exit, 0 while running. */
    long exitedNanos() {
        return exitedNanos;
    }

    Duration runtime() {
        long end = exitedNanos != 0 ? exitedNanos : System.nanoTime();
        return Duration.ofNanos(end - startedNanos);
    }

    /** Name, state and the last lines of both streams, for assertion messages. */
    String describe() {
        return "--- " + name + " (pid " + process.pid() + (process.isAlive() ? ", running" : ", exit " + process.exitValue())
                + ") stdout tail:\n" + tail(stdout.toString()) + "--- stderr tail:\n" + tail(stderr.toString());
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        StringBuilder tail = new StringBuilder();
        for (int i = Math.max(0, lines.length - 25); i < lines.length; i++) {
            tail.append(lines[i]).append('\n');
        }
        return tail.toString();
    }

    private void joinPumps() {
        try {
            stdoutPump.join(5_000);
            stderrPump.join(5_000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        kill();
    }
}
