package dev.orgmembersync;

import java.util.OptionalInt;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.util.ClassUtils;

import dev.orgmembersync.cli.BeforeSpring;
import dev.orgmembersync.cli.CommandLine;
import dev.orgmembersync.cli.FailureReport;
import dev.orgmembersync.cli.SandboxMode;
import dev.orgmembersync.launch.Launcher;
import dev.orgmembersync.sync.SyncCommand;

/**
 * {@code java -jar org-member-sync.jar --sync.input=members.csv ...}: runs the job once and exits with its
 * code (0 all good, 2 rows rejected, 1 could not finish, 3 already running) so cron and Kubernetes see it.
 */
@SpringBootApplication
public class OrgMemberSyncApplication {

    /** Where {@code process-aot} (run by {@code mvn package}) puts the bean definitions it worked out. */
    private static final String AOT_INITIALIZER = OrgMemberSyncApplication.class.getName()
            + "__ApplicationContextInitializer";

    public static void main(String[] args) {
        Launcher.stopWithLauncher();
        useAheadOfTimeBeansIfBuilt();
        System.exit(run(args));
    }

    /**
     * The jar carries the bean definitions Spring AOT worked out at build time: using them saves scanning the
     * classes and evaluating the auto-configuration again on every run (about a second on two cores).
     * {@code -Dspring.aot.enabled=false} turns them off; tests calling {@link #run} in-process never use them.
     */
    private static void useAheadOfTimeBeansIfBuilt() {
        // Not while process-aot itself calls main() to work them out: it would find the last build's output.
        boolean aotProcessing = Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING);
        if (System.getProperty("spring.aot.enabled") == null && !aotProcessing
                && ClassUtils.isPresent(AOT_INITIALIZER, null)) {
            System.setProperty("spring.aot.enabled", "true");
        }
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
        catch (SpringApplication.AbandonedRunException aotProcessing) {
            // process-aot runs main() only to collect the bean definitions, then abandons the run
            throw aotProcessing;
        }
        catch (Throwable failure) {
            return FailureReport.print(failure, debug);
        }
    }
}
