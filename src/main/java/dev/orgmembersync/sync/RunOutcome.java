package dev.orgmembersync.sync;

import java.nio.file.Path;

import dev.orgmembersync.report.RunSummary;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * What this process's run produced: where its report goes ({@code sync.report-dir}, else
 * {@code reports/run-<run>}, the run being the job instance id that also names its ledger table, so every attempt
 * of a resumed run writes the same directory) and, once written, its summary.
 */
class RunOutcome implements JobExecutionListener {

    private final Path configuredDirectory;
    private volatile Path reportDirectory;
    private volatile RunSummary summary;

    RunOutcome(Path configuredDirectory) {
        this.configuredDirectory = configuredDirectory;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        reportDirectory = configuredDirectory != null ? configuredDirectory : defaultDirectory(jobExecution.getJobInstance().getInstanceId());
    }

    /** The report directory of a run when {@code sync.report-dir} is not set. */
    static Path defaultDirectory(long run) {
        return Path.of("reports", "run-" + run);
    }

    Path reportDirectory() {
        return reportDirectory;
    }

    RunSummary summary() {
        return summary;
    }

    void summary(RunSummary summary) {
        this.summary = summary;
    }
}
