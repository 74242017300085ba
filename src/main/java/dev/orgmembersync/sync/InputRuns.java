package dev.orgmembersync.sync;

import java.util.List;
import java.util.function.LongFunction;

import dev.orgmembersync.ledger.RunNumbers;

import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;

/**
 * The runs of one input, numbered 1, 2, 3, ... Which run is the current one is derived only from what is
 * durably recorded, never from a counter that a kill can roll back:
 * <ul>
 * <li>{@code sync_run} has a row per run number, inserted and committed on its own before the job of that
 * number starts (not in the lock's transaction, which a kill rolls back); the current run is the highest;
 * <li>the job repository is then probed for the next numbers while their job instances exist: a database
 * of an earlier version, whose counter in {@code sync_input} lagged one run behind a killed run, is read
 * right too.
 * </ul>
 * So a killed run N is found again by the next process, whatever N is, and resumed. Dropping old runs
 * ({@link RunHistory}) deletes their rows and job instances, never the newest, so the highest stays right.
 * Used only while holding the input's {@link InputLock}.
 */
final class InputRuns {

    private final RunNumbers runNumbers;
    private final JobRepository jobRepository;
    private final String inputKey;
    private final LongFunction<JobParameters> identity;

    /** {@code identity}: the identifying job parameters of a run number of this input. */
    InputRuns(RunNumbers runNumbers, JobRepository jobRepository, String inputKey, LongFunction<JobParameters> identity) {
        this.runNumbers = runNumbers;
        this.jobRepository = jobRepository;
        this.inputKey = inputKey;
        this.identity = identity;
    }

    /** The input's current run: the newest recorded, or run 1 for a new input. */
    long current() {
        Long recorded = runNumbers.newest(inputKey);
        long run = recorded != null ? recorded : fromEarlierVersion();
        while (instance(run + 1) != null) {
            run++;
            record(run);
        }
        return run;
    }

    /** Records the run after {@code current} (committed at once) and returns its number. */
    long startNext(long current) {
        record(current + 1);
        return current + 1;
    }

    /** The run's job instance, null if it never started or was dropped. */
    JobInstance instance(long run) {
        return run < 1 ? null : jobRepository.getJobInstance(MemberSyncJobConfiguration.JOB_NAME, identity.apply(run));
    }

    /** Recorded runs numbered {@code last} or lower, oldest first. */
    List<Long> upTo(long last) {
        return runNumbers.upTo(inputKey, last);
    }

    void forget(long run) {
        runNumbers.forget(inputKey, run);
    }

    /** Earlier versions kept only a counter (1 for a new input): its runs 1 to N become recorded runs. */
    private long fromEarlierVersion() {
        Long counter = runNumbers.earlierVersionsCounter(inputKey);
        long last = counter != null ? counter : 1;
        for (long run = 1; run <= last; run++) {
            record(run);
        }
        return last;
    }

    private void record(long run) {
        runNumbers.record(inputKey, run);
    }
}
