package dev.orgmembersync;

import java.util.OptionalInt;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.orgmembersync.cli.BeforeSpring;
import dev.orgmembersync.cli.CommandLine;
import dev.orgmembersync.cli.FailureReport;
import dev.orgmembersync.cli.SandboxMode;
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
        OptionalInt answered = BeforeSpring.answer(args);
        if (answered.isPresent()) {
            return answered.getAsInt();
        }
        boolean debug = CommandLine.has(args, "--debug");
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
