package dev.orgmembersync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings given the documented ways, from the real jar started in a directory of its own. */
class ConfigurationIT {

    private static final Path SEED = Path.of("samples/sandbox-tenant.json").toAbsolutePath();

    @TempDir
    Path dir;

    private Path input() throws IOException {
        List<String> samples = Files.readAllLines(Path.of("samples/memberships.csv"));
        return Files.write(dir.resolve("members.csv"), List.of(samples.get(0), samples.get(3), samples.get(4),
                samples.get(29)));
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("orgsync.jar")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldRunAgainstTheSandboxWhenConfigApplicationYmlSetsSyncSandbox() throws Exception {
        // given ./config/application.yml as the README describes it, and no --sandbox; three rows of the samples
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/application.yml"), """
                sync:
                  sandbox: true
                  sandbox-seed: %s
                  input: %s
                """.formatted(SEED, input()));
        // when
        Result run = run(Map.of(), "--quiet");
        // then they ran against the sandbox tenant (the invalid row makes it exit 2)
        assertThat(run.exit()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stdout()).contains("COMPLETED_WITH_REJECTIONS").contains("ADDED");
    }

    @Test
    void shouldWarnWithoutTheValueWhenAnEnvironmentVariableLooksLikeOursButSetsNothing() throws Exception {
        // given a misspelt SYNC_DRY_RUN (so this is not a dry run) and a correct variable; three rows of the samples
        Map<String, String> environment = Map.of("SYNC_DRYRN", "true-but-secret", "SYNC_INPUT", input().toString());
        // when
        Result run = run(environment, "--sandbox", "--sync.sandbox-seed=" + SEED, "--quiet");
        // then
        assertThat(run.stderr())
                .contains("org-member-sync: warning: environment variable SYNC_DRYRN sets no option;"
                        + " did you mean SYNC_DRY_RUN? (see --help)")
                .doesNotContain("true-but-secret").doesNotContain("SYNC_INPUT");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stdout()).contains("ADDED").doesNotContain("WOULD_ADD");
    }
}
