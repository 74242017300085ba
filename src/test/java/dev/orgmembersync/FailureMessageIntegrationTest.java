package dev.orgmembersync;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sync.ExitCodes;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Failures no message of ours foresaw still reach the user as one plain line, without a framework's words. */
@ExtendWith(OutputCaptureExtension.class)
class FailureMessageIntegrationTest {

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture run;
    private Path input;

    @BeforeEach
    void start() {
        run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(5, 0));
        input = run.csv("members.csv", users(1, 3).stream().map(id -> ACME + "," + id).toList());
    }

    @Test
    void shouldPrintOnePlainLineSuggestingDebugWhenTheFailureIsNoneOfOurs(CapturedOutput output) {
        // when the job database URL names a driver that does not exist (a framework exception, deep in Spring)
        int exit = run.run(input, "--spring.datasource.url=jdbc:nosuch:x");
        // then
        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(output.getErr().lines().toList()).singleElement().asString()
                .startsWith("org-member-sync: ").contains("--debug");
        assertThat(output.getAll()).doesNotContain("Exception").doesNotContain("org.springframework");
        assertThat(run.sandbox().stats().totalRequests()).isZero();
    }

    @Test
    void shouldNameTheJobDatabaseWithoutTheDriversWordsWhenItRefusesTheConnection(CapturedOutput output) {
        // when the PostgreSQL server refuses the connection (no such role or database)
        int exit = run.run(input, "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/no_such_database_9f2c");
        // then
        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(output.getErr().lines().toList()).singleElement().asString()
                .startsWith("org-member-sync: the job database failed (SQL state ")
                .contains("spring.datasource.url", "--debug");
        assertThat(output.getAll()).doesNotContain("Exception").doesNotContain("FATAL");
    }

    @Test
    void shouldSayConnectionRefusedWithoutTheJdksClassNameWhenTheTenantIsUnreachable(CapturedOutput output) {
        // when the base URL points at a closed port
        int exit = run.run(input, "--auth0.base-url=http://127.0.0.1:9", "--sync.retry.max-attempts=1");
        // then
        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(output.getErr()).contains("Auth0 at http://127.0.0.1:9 could not be reached: connection refused");
        assertThat(output.getAll()).doesNotContain("Exception");
    }

    @Test
    void shouldGiveTheFileSystemsReasonWithoutTheJdksClassNameWhenTheReportDirectoryIsUnderAFile(CapturedOutput output) {
        // when
        int exit = run.run(input, "--sync.report-dir=" + input.resolve("reports"));
        // then
        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(output.getErr().lines().toList()).singleElement().asString()
                .contains("sync.report-dir: " + input.resolve("reports") + " cannot be created or written (")
                .doesNotContain("Exception");
    }

    @Test
    void shouldSayTheValueIsNotANumberWhenANumericSettingIsText(CapturedOutput output) {
        // when
        int exit = run.run(input, "--sync.concurrency=abc");
        // then
        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(output.getErr().lines().toList())
                .containsExactly("org-member-sync: invalid configuration: sync.concurrency = 'abc': not a whole number");
    }

    @Test
    void shouldPrintTheStackTraceWhenDebugIsGiven(CapturedOutput output) {
        // when
        int exit = run.run(input, "--spring.datasource.url=jdbc:nosuch:x", "--debug");
        // then the details are there for whoever asked for them
        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(output.getErr()).contains("Exception").contains("\tat ");
    }
}
