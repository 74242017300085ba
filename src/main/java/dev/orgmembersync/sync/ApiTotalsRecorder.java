package dev.orgmembersync.sync;

import dev.orgmembersync.auth0.ApiMetrics;
import dev.orgmembersync.auth0.ApiMetrics.ApiTotals;

import org.springframework.batch.core.ExitStatus;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Keeps the run's API totals in the job's ExecutionContext after every step, so the summary of a resumed
 * run counts the calls of the attempts before the crash too.
 */
class ApiTotalsRecorder implements JobExecutionListener, StepExecutionListener {

    private static final String CALLS = "api.calls";
    private static final String THROTTLED = "api.throttled";
    private static final String RETRIES = "api.retries";

    private final ApiMetrics metrics;
    private volatile ApiTotals carried = new ApiTotals(0, 0, 0);

    ApiTotalsRecorder(ApiMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        ExecutionContext context = jobExecution.getExecutionContext();
        carried = new ApiTotals(context.getLong(CALLS, 0), context.getLong(THROTTLED, 0), context.getLong(RETRIES, 0));
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        ApiTotals total = total();
        ExecutionContext context = stepExecution.getJobExecution().getExecutionContext();
        context.putLong(CALLS, total.calls());
        context.putLong(THROTTLED, total.throttled());
        context.putLong(RETRIES, total.retries());
        return stepExecution.getExitStatus();
    }

    /** The calls of earlier attempts of a resumed run (zero for a new run). */
    ApiTotals carried() {
        return carried;
    }

    /** This run's calls so far, earlier attempts included. */
    ApiTotals total() {
        return carried.plus(metrics.totals());
    }
}
