package dev.orgmembersync;

import java.nio.file.Path;
import java.util.Optional;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.orgmembersync.sync.ExitCodes;
import dev.orgmembersync.sync.Preflight;
import dev.orgmembersync.sync.SyncCommand;

/**
 * {@code java -jar org-member-sync.jar --sync.input=members.csv ...}: runs the job once and exits with its
 * code (0 all good, 2 rows rejected, 1 could not finish, 3 already running) so cron and Kubernetes see it.
 */
@SpringBootApplication
public class OrgMemberSyncApplication {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the job and returns the exit code; never exits the JVM (tests call this). */
    public static int run(String... args) {
        boolean debug = CommandLine.has(args, "--debug");
        if (CommandLine.has(args, "--help") || CommandLine.has(args, "-h")) {
            System.out.print(OptionCatalog.load().help(CommandLine.version()));
            return ExitCodes.OK;
        }
        if (CommandLine.has(args, "--version")) {
            System.out.println("org-member-sync " + CommandLine.version());
            return ExitCodes.OK;
        }
        OptionCatalog options = OptionCatalog.load();
        Optional<String> unknown = options.unknownOption(args);
        if (unknown.isPresent()) {
            System.err.println("org-member-sync: " + unknown.get());
            return ExitCodes.FAILED;
        }
        // a warning, not an error: the variable may belong to another program
        options.unknownEnvironmentVariables(System.getenv())
                .forEach(warning -> System.err.println("org-member-sync: warning: " + warning));
        // A missing input file is said now, not after the seconds Spring takes to start (the command line wins over
        // the environment, which wins over config files: either one that is set is the value the run would use).
        Optional<String> inputProblem = CommandLine.value(args, "--sync.input")
                .or(() -> Optional.ofNullable(System.getenv("SYNC_INPUT"))).filter(input -> !input.isBlank())
                .flatMap(input -> Preflight.inputProblem(Path.of(input)));
        if (inputProblem.isPresent()) {
            System.err.println("org-member-sync: " + inputProblem.get());
            return ExitCodes.FAILED;
        }
        try (SandboxMode sandbox = SandboxMode.startIfRequested(CommandLine.expandQuiet(args))) {
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OrgMemberSyncApplication.class)
                    .logStartupInfo(debug)
                    .run(sandbox.arguments())) {
                return context.getBean(SyncCommand.class).run();
            }
        }
        catch (Throwable failure) {
            return FailureReport.print(failure, debug);
        }
    }
}
