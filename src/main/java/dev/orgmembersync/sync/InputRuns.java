package dev.orgmembersync.sync;

import java.util.List;
import java.util.function.LongFunction;

import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;

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
 * Used only while holding the input's {@link RunLock}.
 */
final class InputRuns {

    private final JdbcTemplate jdbc;
    private final JobRepository jobRepository;
    private final String inputKey;
    private final LongFunction<JobParameters> identity;

    /** {@code identity}: the identifying job parameters of a run number of this input. */
    InputRuns(JdbcTemplate jdbc, JobRepository jobRepository, String inputKey, LongFunction<JobParameters> identity) {
        this.jdbc = jdbc;
        this.jobRepository = jobRepository;
        this.inputKey = inputKey;
        this.identity = identity;
    }

    /** The input's current run: the newest recorded, or run 1 for a new input. */
    long current() {
        Long recorded = jdbc.queryForObject("SELECT MAX(run_number) FROM sync_run WHERE input_key = ?", Long.class, inputKey);
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
        return jdbc.queryForList("SELECT run_number FROM sync_run WHERE input_key = ? AND run_number <= ?"
                + " ORDER BY run_number", Long.class, inputKey, last);
    }

    void forget(long run) {
        jdbc.update("DELETE FROM sync_run WHERE input_key = ? AND run_number = ?", inputKey, run);
    }

    /** Earlier versions kept only a counter (1 for a new input): its runs 1 to N become recorded runs. */
    private long fromEarlierVersion() {
        Long counter = jdbc.queryForObject("SELECT run_number FROM sync_input WHERE input_key = ?", Long.class, inputKey);
        long last = counter != null ? counter : 1;
        for (long run = 1; run <= last; run++) {
            record(run);
        }
        return last;
    }

    private void record(long run) {
        jdbc.update("INSERT INTO sync_run (input_key, run_number) SELECT ?, ? WHERE NOT EXISTS"
                + " (SELECT 1 FROM sync_run WHERE input_key = ? AND run_number = ?)", inputKey, run, inputKey, run);
    }
}
