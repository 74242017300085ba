package dev.orgmembersync.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.ledger.Ledger;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.util.FileSystemUtils;

/**
 * Keeps the job database bounded: when a new run of an input starts, runs of that input older than the last
 * {@code sync.history.keep-runs} are dropped: their ledger table and rows, their report directories when
 * they are the default per-run ones ({@code reports/run-<execution id>}; a configured {@code sync.report-dir}
 * is the user's and is left alone) and their Spring Batch metadata. Only the newest recorded run decides
 * which run is current ({@link InputRuns}), so dropping older ones cannot change that.
 */
final class RunHistory {

    private static final Logger log = LoggerFactory.getLogger(RunHistory.class);

    private final Ledger ledger;
    private final JobRepository jobRepository;
    private final int keepRuns;
    private final boolean defaultReportDirectories;

    RunHistory(Ledger ledger, JobRepository jobRepository, int keepRuns, boolean defaultReportDirectories) {
        this.ledger = ledger;
        this.jobRepository = jobRepository;
        this.keepRuns = keepRuns;
        this.defaultReportDirectories = defaultReportDirectories;
    }

    /** Drops the runs of {@code runs} that fall out of the history now that run {@code newRun} starts. */
    void dropOld(InputRuns runs, long newRun) {
        List<Long> dropped = runs.upTo(newRun - keepRuns);
        if (dropped.isEmpty()) {
            return;
        }
        List<String> tables = new ArrayList<>();
        int reportDirectories = 0;
        for (long run : dropped) {
            JobInstance instance = runs.instance(run);
            if (instance != null) {
                long runId = instance.getInstanceId();
                for (JobExecution execution : jobRepository.getJobExecutions(instance)) {
                    reportDirectories += deleteReportDirectory(execution.getId()) ? 1 : 0;
                }
                ledger.dropRun(runId);
                tables.add("sync_ledger_" + runId);
                jobRepository.deleteJobInstance(instance);
            }
            // last, so that a clean-up cut short by a kill is found and finished by the next new run
            runs.forget(run);
        }
        log.info("History: dropped {} of this input (ledger tables {}, their job records and {} report directories);"
                + " keeping the last {} runs (sync.history.keep-runs)", describe(dropped), tables.isEmpty() ? "none"
                        : String.join(", ", tables), reportDirectories, keepRuns);
    }

    private boolean deleteReportDirectory(long executionId) {
        if (!defaultReportDirectories) {
            return false;
        }
        try {
            return FileSystemUtils.deleteRecursively(RunOutcome.defaultDirectory(executionId));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("could not delete the old report directory "
                    + RunOutcome.defaultDirectory(executionId).toAbsolutePath() + ": " + ex.getMessage(), ex);
        }
    }

    private static String describe(List<Long> runs) {
        long first = runs.get(0);
        long last = runs.get(runs.size() - 1);
        return first == last ? "run " + first : "runs " + first + " to " + last;
    }
}
