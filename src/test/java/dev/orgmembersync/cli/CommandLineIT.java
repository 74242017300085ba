package dev.orgmembersync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --help, --version and typo detection, from the real jar as users start it. */
class CommandLineIT {

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        return runIn(null, args);
    }

    @Test
    void shouldPrintEveryOptionWithItsDefaultWhenAskedForHelp() throws Exception {
        Result help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.stdout())
                .contains("--sync.input ").contains("--auth0.domain ").contains("--auth0.client-secret ")
                .contains("--sync.rate-limit.writes.per-minute (default 200)")
                .contains("--sync.rate-limit.reads.burst (default 40)")
                .contains("--sync.retry.max-attempts (default 6)")
                .contains("--sync.dry-run (default false)")
                .contains("--sandbox").contains("--quiet").contains("Exit codes");
        assertThat(help.stdout()).doesNotContain("{@code");
    }

    @Test
    void shouldPrintTheVersion() throws Exception {
        Result version = run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.stdout().trim()).matches("org-member-sync \\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void shouldRefuseAMistypedOptionBeforeDoingAnything() throws Exception {
        Result typo = run("--sync.dryrun=true", "--sync.input=whatever.csv", "--auth0.domain=acme.us.auth0.com",
                "--auth0.token=t");
        assertThat(typo.exit()).isEqualTo(1);
        assertThat(typo.stderr()).contains("unknown option --sync.dryrun; did you mean --sync.dry-run?");
        assertThat(typo.stdout()).isEmpty();
    }

    @Test
    void shouldNameAMissingInputFileBeforeSpringStarts(@TempDir Path dir) throws Exception {
        // when: run from an empty directory, where a started job would create its H2 database
        Result missing = runIn(dir, "--sync.input=nope.csv", "--auth0.domain=acme.us.auth0.com", "--auth0.token=t");

        // then
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.stderr().trim()).isEqualTo("org-member-sync: sync.input: nope.csv does not exist or is not a file");
        assertThat(missing.stdout()).isEmpty();
        assertThat(dir.resolve(".org-member-sync")).as("no job database: Spring never started").doesNotExist();
    }

    /** The jar run in {@code dir} (null: this directory). */
    private static Result runIn(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("orgsync.jar")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir == null ? null : dir.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
