package dev.orgmembersync.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

import dev.orgmembersync.sync.ExitCodes;
import dev.orgmembersync.sync.Preflight;

/**
 * What the command line answers before Spring starts (in well under a second, where a started job takes seconds):
 * {@code --help}, {@code --version}, a mistyped option, and an input file that is missing or unreadable.
 */
public final class BeforeSpring {

    private BeforeSpring() {
    }

    /** The exit code when the arguments were answered here (output printed), else empty: the job should run. */
    public static OptionalInt answer(String[] args) {
        if (CommandLine.has(args, "--help") || CommandLine.has(args, "-h")) {
            System.out.print(OptionCatalog.load().help(CommandLine.version()));
            return OptionalInt.of(ExitCodes.OK);
        }
        if (CommandLine.has(args, "--version")) {
            System.out.println("org-member-sync " + CommandLine.version());
            return OptionalInt.of(ExitCodes.OK);
        }
        OptionCatalog options = OptionCatalog.load();
        Optional<String> unknown = options.unknownOption(args);
        if (unknown.isPresent()) {
            System.err.println("org-member-sync: " + unknown.get());
            return OptionalInt.of(ExitCodes.FAILED);
        }
        // a warning, not an error: the variable may belong to another program
        options.unknownEnvironmentVariables(System.getenv())
                .forEach(warning -> System.err.println("org-member-sync: warning: " + warning));
        Optional<String> inputProblem = inputProblem(args);
        if (inputProblem.isPresent()) {
            System.err.println("org-member-sync: " + inputProblem.get());
            return OptionalInt.of(ExitCodes.FAILED);
        }
        return OptionalInt.empty();
    }

    /** Why the input named on the command line or in {@code SYNC_INPUT} cannot be read, if it cannot. */
    private static Optional<String> inputProblem(String[] args) {
        // The command line wins over the environment, which wins over config files: either one that is set is the
        // value the run would use.
        return CommandLine.value(args, "--sync.input")
                .or(() -> Optional.ofNullable(System.getenv("SYNC_INPUT"))).filter(input -> !input.isBlank())
                .flatMap(input -> Preflight.inputProblem(Path.of(input)));
    }
}
