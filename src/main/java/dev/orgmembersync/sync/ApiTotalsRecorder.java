package dev.orgmembersync.sync;

import java.util.EnumMap;
import java.util.Map;

import dev.orgmembersync.auth0.ApiMetrics;
import dev.orgmembersync.auth0.Bucket;
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
    /** Followed by the bucket's name: calls per bucket. */
    private static final String BUCKET_CALLS = "api.calls.";
    private static final String REFUSED_BATCH_CALLS = "api.refused-batch-calls";

    private final ApiMetrics metrics;
    private final RefusedBatchCalls refusedBatchCalls;
    private volatile ApiTotals carried = new ApiTotals(0, 0, 0);
    private volatile Map<Bucket, Long> carriedByBucket = Map.of();

    ApiTotalsRecorder(ApiMetrics metrics, RefusedBatchCalls refusedBatchCalls) {
        this.metrics = metrics;
        this.refusedBatchCalls = refusedBatchCalls;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        ExecutionContext context = jobExecution.getExecutionContext();
        carried = new ApiTotals(context.getLong(CALLS, 0), context.getLong(THROTTLED, 0), context.getLong(RETRIES, 0));
        Map<Bucket, Long> byBucket = new EnumMap<>(Bucket.class);
        for (Bucket bucket : Bucket.values()) {
            long calls = context.getLong(BUCKET_CALLS + bucket.name(), 0);
            if (calls > 0) {
                byBucket.put(bucket, calls);
            }
        }
        carriedByBucket = byBucket;
        refusedBatchCalls.carry(context.getLong(REFUSED_BATCH_CALLS, 0));
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        ApiTotals total = total();
        ExecutionContext context = stepExecution.getJobExecution().getExecutionContext();
        context.putLong(CALLS, total.calls());
        context.putLong(THROTTLED, total.throttled());
        context.putLong(RETRIES, total.retries());
        callsByBucket().forEach((bucket, calls) -> context.putLong(BUCKET_CALLS + bucket.name(), calls));
        context.putLong(REFUSED_BATCH_CALLS, refusedBatchCalls.total());
        return stepExecution.getExitStatus();
    }

    /** This run's calls per bucket so far (every attempt), earlier attempts included; buckets never called absent. */
    Map<Bucket, Long> callsByBucket() {
        Map<Bucket, Long> calls = new EnumMap<>(Bucket.class);
        calls.putAll(carriedByBucket);
        metrics.callsByBucket().forEach((bucket, count) -> calls.merge(bucket, count, Long::sum));
        return calls;
    }

    /** Calls spent on refused batches so far, earlier attempts included. */
    long refusedBatchCalls() {
        return refusedBatchCalls.total();
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
