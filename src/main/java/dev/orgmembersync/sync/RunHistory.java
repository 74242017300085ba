package dev.orgmembersync.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.ledger.Ledger;

import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.util.FileSystemUtils;

/**
 * Keeps the job database bounded: when a new run of an input starts, runs of that input older than the last
 * {@code sync.history.keep-runs} are dropped: their ledger table and rows, their report directories when
 * they are the default per-run ones ({@code reports/run-<run>}; a configured {@code sync.report-dir}
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
        List<Long> droppedRuns = new ArrayList<>();
        int reportDirectories = 0;
        for (long counter : dropped) {
            JobInstance instance = runs.instance(counter);
            if (instance != null) {
                long run = instance.getInstanceId();
                reportDirectories += deleteReportDirectory(run) ? 1 : 0;
                ledger.dropRun(run);
                droppedRuns.add(run);
                jobRepository.deleteJobInstance(instance);
            }
            // last, so that a clean-up cut short by a kill is found and finished by the next new run
            runs.forget(counter);
        }
        if (!droppedRuns.isEmpty()) {
            log.info("History: dropped {} {} of this input with their ledger tables and job records ({} report"
                    + " directories deleted); keeping its last {} runs (sync.history.keep-runs)",
                    droppedRuns.size() == 1 ? "run" : "runs", droppedRuns.stream().map(String::valueOf)
                            .collect(Collectors.joining(", ")), reportDirectories, keepRuns);
        }
    }

    private boolean deleteReportDirectory(long run) {
        if (!defaultReportDirectories) {
            return false;
        }
        try {
            return FileSystemUtils.deleteRecursively(RunOutcome.defaultDirectory(run));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("could not delete the old report directory "
                    + RunOutcome.defaultDirectory(run).toAbsolutePath() + ": " + ex.getMessage(), ex);
        }
    }
}
