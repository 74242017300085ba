package dev.orgmembersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;

import dev.orgmembersync.report.RunSummary;

class ExitCodesTest {

    @Test
    void shouldGiveTheProcessExitCodeWhenGivenTheSummaryStatus() {
        // given / when / then
        assertThat(ExitCodes.forStatus(RunSummary.COMPLETED)).isEqualTo(ExitCodes.OK);
        assertThat(ExitCodes.forStatus(RunSummary.COMPLETED_WITH_REJECTIONS)).isEqualTo(ExitCodes.REJECTIONS);
        assertThat(ExitCodes.forStatus(RunSummary.FAILED)).isEqualTo(ExitCodes.FAILED);
    }

    @Test
    void shouldGiveThreeWhenAnotherProcessHoldsTheRunOrTheDatabaseWhereverTheCauseSits() {
        // given
        SQLException h2FileInUse = new SQLException("Database may be already in use", "90020", 90020);
        // when / then
        assertThat(ExitCodes.forFailure(new JobExecutionAlreadyRunningException("running")))
                .isEqualTo(ExitCodes.ALREADY_RUNNING);
        assertThat(ExitCodes.forFailure(new RuntimeException(new RuntimeException(h2FileInUse))))
                .isEqualTo(ExitCodes.ALREADY_RUNNING);
        assertThat(ExitCodes.forFailure(new SQLException("other", "42000", 42000))).isEqualTo(ExitCodes.FAILED);
    }
}
