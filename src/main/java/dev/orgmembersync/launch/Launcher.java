package dev.orgmembersync.launch;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The jar's {@code Main-Class}, copied to the jar's root by the build so that the JVM loads it without Spring Boot's
 * launcher (a quarter of a second): {@code java -jar org-member-sync.jar} starts the job in a second JVM that maps a
 * class-data-sharing archive and so reaches its first request in under two seconds instead of four and a half on
 * two cores (loading some 10,000 classes from the jar is most of a start). This is Spring Boot's documented CDS
 * recipe, done for the user: the jar extracted with {@code -Djarmode=tools}, an archive written by the JVM that will
 * use it at the end of one real run ({@code -XX:ArchiveClassesAtExit}), then {@code -XX:SharedArchiveFile} on
 * every later run. It all lives in a cache directory, one entry per jar and JVM: {@code $ORG_MEMBER_SYNC_CACHE},
 * else {@code $XDG_CACHE_HOME/org-member-sync}, else {@code ~/.cache/org-member-sync};
 * {@code ORG_MEMBER_SYNC_CACHE=off} runs the job in this JVM, through Spring Boot's launcher, as before.
 *
 * <p>The launching JVM only waits: it passes the exit code on, forwards SIGTERM and SIGINT (its shutdown hook stops
 * the job's JVM and waits for it), and if it is killed outright the job's JVM halts at once, as it would have
 * died with it. Anything that would make the second JVM unsafe or pointless runs the job here instead: no writable
 * cache, another process making the archive, JVM options of the user's own about class data sharing, an input
 * read from standard input, {@code --help} and {@code --version} (they answer at once either way). Only the JDK is
 * used here: at the jar's root nothing else is on the class path.
 */
public final class Launcher {

    /** Set on the job's JVM: the process id of the launcher it must not outlive. */
    static final String LAUNCHER_PID = "org-member-sync.launcher-pid";
    static final String CACHE_VARIABLE = "ORG_MEMBER_SYNC_CACHE";
    private static final String ARCHIVE = "app.jsa";
    private static final long SMALL_INPUT_BYTES = 1 << 20;
    /** The job JVM's exit code once it has run: from then on nothing may run the job again in this JVM. */
    private static volatile Integer jobExit;
    /** The archive's warnings (classes it skips, a mismatch) would otherwise go to standard output. */
    private static final List<String> QUIET = List.of("-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        OptionalInt inCachedJvm = runInCachedJvm(args);
        if (inCachedJvm.isPresent()) {
            System.exit(inCachedJvm.getAsInt());
        }
        // Spring Boot's launcher, beside this class at the jar's root (by name: it is not on the compile class path)
        try {
            Class.forName("org.springframework.boot.loader.launch.JarLauncher").getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getCause() instanceof Exception cause ? cause : ex;
        }
    }

    /** In the job's JVM (called first by the application's main): a launcher killed outright takes the job along. */
    public static void stopWithLauncher() {
        String launcher = System.getProperty(LAUNCHER_PID);
        if (launcher != null) {
            haltWhenGone(Long.parseLong(launcher));
        }
    }

    /**
     * Runs the job in a JVM started with the archive (making the archive on the way if there is none) and returns
     * its exit code; empty when the job should run in this JVM.
     */
    static OptionalInt runInCachedJvm(String[] args) {
        // already the job's JVM, or -Djarmode=tools (Spring Boot's launcher runs the tool, not the job)
        if (System.getProperty(LAUNCHER_PID) != null || System.getProperty("jarmode") != null) {
            return OptionalInt.empty();
        }
        Optional<Path> cacheRoot = cacheRoot(System.getenv());
        Optional<Path> jar = launchedJar();
        Optional<List<String>> jvmOptions = jvmOptions();
        if (cacheRoot.isEmpty() || jar.isEmpty() || jvmOptions.isEmpty() || !worthRelaunching(args)) {
            return OptionalInt.empty();
        }
        try {
            return run(cacheRoot.get(), jar.get(), jvmOptions.get(), args);
        }
        catch (IOException | RuntimeException ex) {
            // The cache is an optimisation: whatever goes wrong with it, the job still runs, but never twice.
            return jobExit == null ? OptionalInt.empty() : OptionalInt.of(jobExit);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return jobExit == null ? OptionalInt.empty() : OptionalInt.of(jobExit);
        }
    }

    private static OptionalInt run(Path root, Path jar, List<String> jvmOptions, String[] args)
            throws IOException, InterruptedException {
        Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (!privateDirectory(root)) {
            return OptionalInt.empty();
        }
        Path entry = root.resolve(key(jar));
        Path extractedJar = entry.resolve("app").resolve(jar.getFileName());
        Path archive = entry.resolve(ARCHIVE);
        Files.createDirectories(entry);
        try (FileChannel lockFile = FileChannel.open(entry.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (Files.isRegularFile(archive) && Files.isRegularFile(extractedJar)) {
                // shared: other runs may use the entry too, but nobody may delete it while the job's JVM reads it
                try (FileLock shared = lockFile.tryLock(0, Long.MAX_VALUE, true)) {
                    if (shared != null) {
                        return OptionalInt.of(runJob(jvmOptions, List.of("-XX:SharedArchiveFile=" + archive),
                                extractedJar, args));
                    }
                }
            }
            try (FileLock exclusive = lockFile.tryLock()) {
                if (exclusive == null || !readableInput(args)) {
                    // another run is making the archive; or the job will stop at once: not worth training on
                    return OptionalInt.empty();
                }
                return train(root, entry, jar, jvmOptions, args);
            }
        }
    }

    /**
     * This run makes the archive: the jar extracted beside it, the job run with {@code -XX:ArchiveClassesAtExit}
     * into a temporary file that becomes the archive only if the run finished (exit 0 or 2) and a JVM accepts it (a
     * cut-off archive would crash the JVM that maps it).
     */
    private static OptionalInt train(Path root, Path entry, Path jar, List<String> jvmOptions, String[] args)
            throws IOException, InterruptedException {
        Path app = entry.resolve("app");
        Path extractedJar = app.resolve(jar.getFileName());
        Path draft = entry.resolve(ARCHIVE + ".draft");
        deleteRecursively(app);
        Files.deleteIfExists(draft);
        if (!extract(jar, app)) {
            deleteRecursively(app);
            return OptionalInt.empty();
        }
        int exit = runJob(jvmOptions, List.of("-XX:ArchiveClassesAtExit=" + draft), extractedJar, args);
        if ((exit == 0 || exit == 2) && Files.isRegularFile(draft) && accepted(draft, extractedJar)) {
            Files.move(draft, entry.resolve(ARCHIVE), StandardCopyOption.ATOMIC_MOVE);
            forgetOtherEntries(root, entry);
        }
        Files.deleteIfExists(draft);
        return OptionalInt.of(exit);
    }

    private static boolean extract(Path jar, Path destination) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(javaCommand(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
                "--destination", destination.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(2, TimeUnit.MINUTES) && process.exitValue() == 0;
    }

    private static boolean accepted(Path archive, Path extractedJar) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xshare:on", "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off", "-XX:SharedArchiveFile=" + archive, "-D" + LAUNCHER_PID + "=0", "-jar",
                extractedJar.toString(), "--version"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
    }

    /**
     * The job's JVM, with this JVM's own options, its output and input this JVM's. A signal that stops this JVM
     * (SIGTERM, SIGINT) stops the job's JVM too: its code becomes ours.
     */
    private static int runJob(List<String> jvmOptions, List<String> archiveOptions, Path extractedJar, String[] args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(jvmOptions);
        if (smallInput(args) && jvmOptions.stream().noneMatch(option -> option.contains("Tiered"))) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(archiveOptions);
        command.addAll(QUIET);
        command.add("-D" + LAUNCHER_PID + "=" + ProcessHandle.current().pid());
        command.add("-jar");
        command.add(extractedJar.toString());
        command.addAll(Arrays.asList(args));
        Process job = new ProcessBuilder(command).inheritIO().start();
        Thread forward = new Thread(() -> {
            if (job.isAlive()) {
                job.destroy();
                try {
                    job.waitFor();
                    Runtime.getRuntime().halt(job.exitValue());
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "stop-job-jvm");
        Runtime.getRuntime().addShutdownHook(forward);
        boolean interrupted = false;
        while (jobExit == null) {
            try {
                jobExit = job.waitFor();
            }
            catch (InterruptedException ex) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().removeShutdownHook(forward);
        return jobExit;
    }

    /**
     * In the job's JVM: a launcher killed outright (SIGKILL) takes the job with it, as a single JVM would go; also
     * while the killed launcher waits, a zombie, for its parent to reap it.
     */
    private static void haltWhenGone(long launcherPid) {
        Optional<ProcessHandle> launcher = ProcessHandle.of(launcherPid);
        if (launcherPid == 0 || launcher.isEmpty()) {
            return;
        }
        Thread watch = new Thread(() -> {
            while (running(launcher.get())) {
                try {
                    Thread.sleep(50);
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
            Runtime.getRuntime().halt(137);
        }, "launcher-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /**
     * Whether a process still runs: a killed one stays a zombie until its parent reaps it, and
     * {@link ProcessHandle#isAlive()} counts a zombie as alive; {@code /proc} says (where there is one).
     */
    public static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        }
        catch (IOException | RuntimeException ex) {
            return process.isAlive();
        }
    }

    static Optional<Path> cacheRoot(Map<String, String> environment) {
        String configured = environment.get(CACHE_VARIABLE);
        if (configured != null) {
            return configured.isBlank() || configured.equalsIgnoreCase("off") || configured.equalsIgnoreCase("false")
                    ? Optional.empty() : Optional.of(Path.of(configured).toAbsolutePath());
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Optional.of(Path.of(xdg, "org-member-sync").toAbsolutePath());
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || home.equals("?") ? Optional.empty()
                : Optional.of(Path.of(home, ".cache", "org-member-sync"));
    }

    /**
     * The cache holds code the job's JVM runs: only a directory that is ours and that nobody else may write to
     * (else another user could put a jar of theirs there), on a file system with POSIX permissions.
     */
    static boolean privateDirectory(Path directory) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
            return Files.getOwner(directory).getName().equals(System.getProperty("user.name"))
                    && !permissions.contains(PosixFilePermission.GROUP_WRITE)
                    && !permissions.contains(PosixFilePermission.OTHERS_WRITE);
        }
        catch (IOException | UnsupportedOperationException ex) {
            return false;
        }
    }

    /** The jar of {@code java -jar}: {@code sun.java.command} then starts with the class path itself. */
    private static Optional<Path> launchedJar() {
        String classPath = System.getProperty("java.class.path", "");
        String command = System.getProperty("sun.java.command", "");
        if (!classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator)
                || !(command.equals(classPath) || command.startsWith(classPath + " "))) {
            return Optional.empty();
        }
        Path jar = Path.of(classPath).toAbsolutePath();
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /** This JVM's options (those before {@code -jar}), unless they already choose what to do about class data. */
    static Optional<List<String>> jvmOptions() {
        Optional<String[]> arguments = ProcessHandle.current().info().arguments();
        if (arguments.isEmpty()) {
            return Optional.empty();
        }
        List<String> all = Arrays.asList(arguments.get());
        int jarFlag = all.indexOf("-jar");
        if (jarFlag < 0) {
            return Optional.empty();
        }
        List<String> options = all.subList(0, jarFlag);
        String fromEnvironment = System.getenv().getOrDefault("JDK_JAVA_OPTIONS", "") + " "
                + System.getenv().getOrDefault("JAVA_TOOL_OPTIONS", "");
        boolean ownClassData = Stream.concat(options.stream(), Arrays.stream(fromEnvironment.split("\\s+")))
                .anyMatch(option -> option.startsWith("-Xshare") || option.contains("SharedArchiveFile")
                        || option.contains("ArchiveClassesAtExit") || option.startsWith("-XX:DumpLoadedClassList"));
        return ownClassData ? Optional.empty() : Optional.of(List.copyOf(options));
    }

    /** {@code --help}, {@code --version} answer at once anyway; an input on standard input must stay ours. */
    static boolean worthRelaunching(String[] args) {
        if (Arrays.stream(args).anyMatch(arg -> arg.equals("--help") || arg.equals("-h") || arg.equals("--version"))) {
            return false;
        }
        return input(args).map(input -> !(input.equals("-") || input.startsWith("/dev/") || input.startsWith("/proc/")))
                .orElse(true);
    }

    /** {@code --sync.input} (the last one, as Spring takes it), else {@code SYNC_INPUT}. */
    static Optional<String> input(String[] args) {
        return Arrays.stream(args).filter(arg -> arg.startsWith("--sync.input="))
                .map(arg -> arg.substring("--sync.input=".length())).reduce((first, last) -> last)
                .or(() -> Optional.ofNullable(System.getenv("SYNC_INPUT"))).filter(input -> !input.isBlank());
    }

    /** The job would stop at once without a readable input: a run not worth making the archive from. */
    private static boolean readableInput(String[] args) {
        return input(args).map(Path::of).map(input -> Files.isRegularFile(input) && Files.isReadable(input))
                .orElse(true);
    }

    /**
     * An input under a megabyte (some 20,000 rows) is a run that starting dominates: the quick C1 compiler alone
     * starts it about a third of a second sooner. A large one keeps C2, which stages and records rows faster.
     */
    static boolean smallInput(String[] args) {
        return input(args).map(Path::of).filter(Files::isRegularFile).map(input -> {
                    try {
                        return Files.size(input) < SMALL_INPUT_BYTES;
                    }
                    catch (IOException ex) {
                        return false;
                    }
                }).orElse(false);
    }

    /**
     * One entry per jar (path, size, time) and JVM: an archive only fits the JVM that wrote it. A string hash is
     * enough (a message digest costs the launcher time): two jars whose keys collide would only find the JVM
     * refusing the other's archive, which it checks against the jar's size and time.
     */
    private static String key(Path jar) throws IOException {
        String identity = String.join("\n", jar.toString(), Long.toString(Files.getLastModifiedTime(jar).toMillis()),
                System.getProperty("java.home"), System.getProperty("java.vm.version"));
        return Long.toHexString(Files.size(jar)) + "-" + Integer.toHexString(identity.hashCode());
    }

    /** Entries of older jars or JVMs are never used again: about 60 MB each. */
    private static void forgetOtherEntries(Path root, Path keep) {
        try (Stream<Path> entries = Files.list(root)) {
            entries.filter(entry -> !entry.equals(keep) && Files.isDirectory(entry)).forEach(entry -> {
                try (FileChannel lockFile = FileChannel.open(entry.resolve("lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.READ, StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
                    if (lock != null) {
                        deleteRecursively(entry);
                    }
                }
                catch (IOException | RuntimeException ignored) {
                    // another run may be using it: next time
                }
            });
        }
        catch (IOException ignored) {
            // nothing to tidy
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(each);
            }
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
