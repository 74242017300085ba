package dev.orgmembersync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.orgmembersync.sync.ExitCodes;

import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class FailureReportTest {

    /** What Spring Batch's JobOperator.start throws: the whole JobExecution printed on one line. */
    private static final String SPRING_BATCH_MESSAGE = "A job execution for this job is already running: JobExecution:"
            + " id=2, version=1, startTime=2026-12-02T02:15:00.123, endTime=null, lastUpdated=2026-12-02T02:15:00.456,"
            + " status=STARTED, exitStatus=exitCode=UNKNOWN;exitDescription=, job=[JobInstance: id=2, version=0,"
            + " Job=[memberSyncJob]], jobParameters=[{input.sha256=" + "0".repeat(64) + "}] ".repeat(4);

    @Test
    void shouldExitThreeWithOurOneLineWhenSpringBatchSaysTheJobExecutionIsAlreadyRunning(CapturedOutput output) {
        // when
        int exit = FailureReport.print(new JobExecutionAlreadyRunningException(SPRING_BATCH_MESSAGE), false);
        // then
        assertThat(exit).isEqualTo(ExitCodes.ALREADY_RUNNING);
        assertThat(output.getErr().lines().toList()).singleElement().asString()
                .startsWith("org-member-sync: already running: ").hasSizeLessThan(200)
                .doesNotContain("Exception").doesNotContain("JobExecution");
    }

    @Test
    void shouldKeepOurMessageOnOneLineWhenItHasLineBreaks(CapturedOutput output) {
        // when
        FailureReport.print(new dev.orgmembersync.auth0.Auth0AccessException("first\nsecond"), false);
        // then
        assertThat(output.getErr().lines().toList()).containsExactly("org-member-sync: first second");
    }

    @Test
    void shouldExitThreeWhenH2SaysAnotherProcessHasTheJobDatabaseFileOpen(CapturedOutput output) {
        // given: what H2 throws (error 90020), deep in the cause chain of a failed context start
        SQLException locked = new SQLException("Database may be already in use: \"/data/db.mv.db\"", "90020", 90020);
        // when
        int exit = FailureReport.print(new IllegalStateException("context failed", new RuntimeException(locked)), false);
        // then
        assertThat(exit).isEqualTo(ExitCodes.ALREADY_RUNNING);
        assertThat(output.getErr()).startsWith("org-member-sync: already running: another org-member-sync process is"
                + " using the job database");
    }

    @Test
    void shouldNotTakeAnotherDatabaseErrorForALockBecauseOfItsWords() {
        // the same words with another error code are some other failure: exit 1, not 3
        SQLException other = new SQLException("Database may be already in use", "08001", 1);
        assertThat(ExitCodes.forFailure(new RuntimeException(other))).isEqualTo(ExitCodes.FAILED);
    }
}
