package dev.orgmembersync.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code java -jar org-member-sync.jar} against a sandbox process, with one job database and one
 * report directory ({@code null}: the default {@code reports/run-<run>} under the log directory, the
 * process's working directory); {@code extra} arguments come last, so they win.
 */
final class JobProcess {

    private final ChildProcesses children;
    private final Path logDir;
    private final String baseUrl;
    private final JobDatabase database;
    private final Path reportDir;

    JobProcess(ChildProcesses children, Path logDir, String baseUrl, JobDatabase database, Path reportDir) {
        this.children = children;
        this.logDir = logDir;
        this.baseUrl = baseUrl;
        this.database = database;
        this.reportDir = reportDir;
    }

    Path reportDir() {
        return reportDir;
    }

    ChildProcess start(String name, Path input, String... extra) {
        List<String> command = ChildProcesses.java("-jar", ChildProcesses.jar().toString());
        command.addAll(List.of(
                "--sync.input=" + input.toAbsolutePath(),
                "--auth0.base-url=" + baseUrl,
                "--auth0.client-id=" + SandboxProcess.CLIENT_ID,
                "--auth0.client-secret=" + SandboxProcess.CLIENT_SECRET,
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=",
                "--sync.verify.recheck-delay=200ms",
                "--sync.retry.initial-backoff=50ms"));
        if (reportDir != null) {
            command.add("--sync.report-dir=" + reportDir.toAbsolutePath());
        }
        command.addAll(new ArrayList<>(List.of(extra)));
        return children.start(name, command, logDir);
    }
}
