package dev.orgmembersync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync.sandbox=true} counts wherever Spring would read it, config files included, not only as --sandbox. */
class SandboxModeIntegrationTest {

    @TempDir
    Path dir;

    @Test
    void shouldStartTheSandboxWhenAConfigFileSetsSyncSandbox() throws Exception {
        // given a config file that asks for the sandbox, and no --sandbox
        Path config = Files.writeString(dir.resolve("application.yml"), """
                sync:
                  sandbox: true
                  sandbox-seed: %s
                """.formatted(Path.of(SandboxMode.DEFAULT_SEED).toAbsolutePath()));
        String[] args = {"--spring.config.additional-location=file:" + config};
        // when
        try (SandboxMode sandbox = SandboxMode.startIfRequested(args)) {
            // then the job is pointed at the loopback tenant and the sample input
            assertThat(sandbox.arguments()).anyMatch(arg -> arg.startsWith("--auth0.base-url=http://127.0.0.1:"))
                    .contains("--sync.input=" + SandboxMode.DEFAULT_INPUT);
        }
    }

    @Test
    void shouldKeepTheConfiguredInputWhenAConfigFileSetsOne() throws Exception {
        // given
        Path config = Files.writeString(dir.resolve("application.yml"), """
                sync:
                  sandbox: true
                  input: my-members.csv
                """);
        // when
        try (SandboxMode sandbox = SandboxMode.startIfRequested(
                new String[] {"--spring.config.additional-location=file:" + config})) {
            // then
            assertThat(sandbox.arguments()).noneMatch(arg -> arg.startsWith("--sync.input="));
        }
    }

    @Test
    void shouldLeaveTheArgumentsAloneWhenNoSandboxIsAskedFor() throws Exception {
        // given
        String[] args = {"--sync.input=members.csv"};
        // when
        try (SandboxMode sandbox = SandboxMode.startIfRequested(args)) {
            // then
            assertThat(sandbox.arguments()).containsExactly("--sync.input=members.csv");
        }
    }
}
