package dev.orgmembersync.sync;

import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.orgmembersync.auth0.ApiMetrics.ApiTotals;
import dev.orgmembersync.auth0.Auth0Properties;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.InputLock;
import dev.orgmembersync.ledger.LedgerView;
import dev.orgmembersync.ledger.RunNumbers;
import dev.orgmembersync.report.HumanSummary;
import dev.orgmembersync.report.ReportWriter;
import dev.orgmembersync.report.RunSummary;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Runs the job once for the configured input and returns the exit code. The same input (content and
 * dry-run flag) resumes its unfinished run; once that run has completed, the same command starts a new one
 * and drops the runs that fall out of the kept history. Which run is current: see {@link InputRuns}.
 */
@Component
public class SyncCommand {

    private static final Logger log = LoggerFactory.getLogger(SyncCommand.class);

    private final SyncProperties sync;
    private final Auth0Properties auth0;
    private final DataSource dataSource;
    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final Job job;
    private final RunOutcome outcome;
    private final ApiTotalsRecorder apiTotals;
    private final ReportWriter reportWriter;
    private final RunMetrics runMetrics;
    private final ReportPages reportPages;
    private final RunHistory history;
    private final RunPlanner planner;

    SyncCommand(SyncProperties sync, Auth0Properties auth0, DataSource dataSource, JobRepository jobRepository,
            JobOperator jobOperator, Job memberSyncJob, RunOutcome outcome, ApiTotalsRecorder apiTotals,
            JsonMapper json, Ledger ledger, LedgerView view, RunMetrics runMetrics, ReportPages reportPages, RunPlanner planner) {
        this.sync = sync;
        this.planner = planner;
        this.auth0 = auth0;
        this.dataSource = dataSource;
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
        this.job = memberSyncJob;
        this.outcome = outcome;
        this.apiTotals = apiTotals;
        this.reportWriter = new ReportWriter(view, json);
        this.runMetrics = runMetrics;
        this.reportPages = reportPages;
        this.history = new RunHistory(ledger, jobRepository, sync.history().keepRuns(), sync.reportDir() == null);
    }

    public int run() throws Exception {
        List<String> problems = Preflight.problems(sync, auth0);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(String.join("; ", problems));
        }
        String contentSha256 = InputFingerprint.sha256(sync.input());
        // The same file against another tenant, or as a dry run, is another run with its own ledger.
        String tenant = auth0.apiBase().toString();
        String inputKey = InputFingerprint.sha256(contentSha256 + "\n" + tenant + "\n" + sync.dryRun());
        try (InputLock lock = InputLock.acquire(dataSource, inputKey)) {
            InputRuns runs = new InputRuns(new RunNumbers(dataSource), jobRepository, inputKey,
                    run -> identity(contentSha256, tenant, run));
            JobExecution execution = jobOperator.start(job, parameters(runs, contentSha256, tenant));
            return finish(execution);
        }
    }

    /**
     * Parameters of the input's current run: resumes it if unfinished, else moves on to a new one. A run is a job
     * instance and its number (the job instance id) names its ledger table and report directory; the input's own
     * counter only says which of its runs this is.
     */
    private JobParameters parameters(InputRuns runs, String contentSha256, String tenant) {
        long counter = runs.current();
        JobInstance current = runs.instance(counter);
        JobExecution last = current == null ? null : jobRepository.getLastJobExecution(current);
        if (last == null) {
            log.info("Starting a new run of {} (the {} run of this input)", sync.input(), ordinal(counter));
            history.dropOld(runs, counter);
            return parameters(runs, contentSha256, tenant, counter);
        }
        long run = current.getInstanceId();
        BatchStatus status = last.getStatus();
        if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED) {
            long next = runs.startNext(counter);
            log.info("Starting a new run of {} (the {} run of this input; run {} {})", sync.input(), ordinal(next), run,
                    status == BatchStatus.COMPLETED ? "completed" : "was abandoned");
            history.dropOld(runs, next);
            return parameters(runs, contentSha256, tenant, next);
        }
        int attempt = jobRepository.getJobExecutions(current).size() + 1;
        if (status.isRunning()) {
            // We hold the input's lock, so the process that left this STARTED is gone (killed or crashed).
            log.warn("Run {} was left running by a process that no longer exists (attempt {}); marking it failed and"
                    + " taking over", run, attempt - 1);
            jobOperator.recover(last);
        }
        log.info("Resuming the unfinished run {} of {} (attempt {}; the last one ended {}); finished work is not"
                + " repeated", run, sync.input(), attempt, status);
        return parameters(runs, contentSha256, tenant, counter);
    }

    /** 1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, 21st: which of the input's runs this is, without calling it "run N". */
    static String ordinal(long n) {
        long lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch ((int) (n % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    /** The run's identity plus what its steps need: the input file and the previous run (its rejected ids). */
    private JobParameters parameters(InputRuns runs, String contentSha256, String tenant, long run) {
        JobInstance previous = runs.instance(run - 1);
        return new JobParametersBuilder(identity(contentSha256, tenant, run))
                .addString(MemberSyncJobConfiguration.INPUT_FILE, sync.input().toAbsolutePath().toString(), false)
                .addLong(MemberSyncJobConfiguration.PREVIOUS_RUN, previous != null ? previous.getInstanceId() : 0L, false)
                .toJobParameters();
    }

    /** The parameters that identify a run (its job instance). */
    private JobParameters identity(String contentSha256, String tenant, long inputCounter) {
        return new JobParametersBuilder()
                .addString("input.sha256", contentSha256)
                .addString("tenant", tenant)
                .addLong("run", inputCounter)
                .addString(MemberSyncJobConfiguration.DRY_RUN, Boolean.toString(sync.dryRun()))
                .toJobParameters();
    }

    private int finish(JobExecution execution) {
        if (execution.getStatus() == BatchStatus.COMPLETED && outcome.summary() != null) {
            RunSummary summary = outcome.summary();
            runMetrics.rows(summary.counts());
            log.info("Report written to {}", outcome.reportDirectory().toAbsolutePath());
            System.out.println(HumanSummary.format(summary, outcome.reportDirectory()));
            return ExitCodes.forStatus(summary.status());
        }
        // a step stopped because another beside it failed says so; the other's failure says why
        Throwable cause = execution.getAllFailureExceptions().stream()
                .filter(failure -> !(failure instanceof OrganizationFlow.UpstreamStepFailedException)).findFirst()
                .orElse(execution.getAllFailureExceptions().stream().findFirst().orElse(null));
        writeFailedSummary(execution);
        throw new JobFailedException(cause != null ? cause : new IllegalStateException("the job ended " + execution.getStatus()));
    }

    /** A failed run still leaves a summary.json (and report.html) saying so, with the counts reached. */
    private void writeFailedSummary(JobExecution execution) {
        try {
            ApiTotals api = apiTotals.total();
            RunSummary counted = reportWriter.summarize(execution.getJobInstance().getInstanceId(),
                    new RunSummary.Api(api.calls(), api.throttled(), api.retries()),
                    UserLookupSummary.of(jobRepository, execution.getJobInstance()), runMetrics.runSeconds(),
                    runMetrics.phaseSeconds());
            runMetrics.rows(counted.counts());
            RunSummary failed = counted.withStatus(RunSummary.FAILED).withPlan(planner.planOf(execution),
                    planner.actual());
            reportWriter.writeSummary(failed, outcome.reportDirectory());
            reportWriter.writePage(reportPages.page(execution, failed), outcome.reportDirectory());
        }
        catch (RuntimeException ex) {
            log.debug("Could not write the failed run's summary", ex);
        }
    }

    /** Settings that make a run impossible, found before any API call. */
    public static class InvalidConfigurationException extends RuntimeException {
        InvalidConfigurationException(String message) {
            super(message);
        }
    }

    /** The job ended FAILED; the cause is the first failure of its steps. */
    public static class JobFailedException extends RuntimeException {
        JobFailedException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
