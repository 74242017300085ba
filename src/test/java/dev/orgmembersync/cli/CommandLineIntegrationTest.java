package dev.orgmembersync.cli;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.OrgMemberSyncApplication;
import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Options handled by the real main: typos, camelCase names, --quiet, progress lines. */
@ExtendWith(OutputCaptureExtension.class)
class CommandLineIntegrationTest {

    @TempDir
    Path dir;

    @Test
    void shouldSuggestTheClosestOptionForATypoInAnAuth0Option(CapturedOutput output) {
        int exit = OrgMemberSyncApplication.run("--auth0.clientid=abc");
        assertThat(exit).isEqualTo(1);
        assertThat(output.getErr()).contains("unknown option --auth0.clientid; did you mean --auth0.client-id?");
    }

    @Test
    void shouldAcceptCamelCaseNamesAndLogProgressUnlessQuiet(CapturedOutput output) {
        try (SyncRunFixture run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(5, 0))) {
            Path input = run.csv("members.csv", users(1, 5).stream().map(id -> ACME + "," + id).toList());
            // camelCase is a documented form of the same option
            assertThat(run.run(input, "--sync.dryRun=true")).isZero();
            assertThat(run.countStatus("WOULD_ADD")).isEqualTo(5);
            assertThat(output).contains("phase addMembers started").contains("phase verify done");
            int before = output.getOut().length();
            // --quiet: the summary, but no progress or info lines
            assertThat(run.run(input, "--quiet")).isZero();
            String quiet = output.getOut().substring(before);
            assertThat(quiet).contains("org-member-sync COMPLETED").doesNotContain("phase ").doesNotContain(" INFO ");
        }
    }
}
