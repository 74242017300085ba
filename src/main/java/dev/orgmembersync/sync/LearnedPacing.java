package dev.orgmembersync.sync;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.orgmembersync.auth0.Bucket;
import dev.orgmembersync.auth0.Pacer;
import dev.orgmembersync.ledger.LearnedPaces;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * The pace each bucket was found to allow, carried from one night to the next: every attempt starts its buckets at
 * what the tenant's last run learned, and records what it learned when it ends, whatever its status (the pace is a
 * fact about the tenant, not about the run). A killed attempt records nothing; the next one starts from the last
 * record. Dry runs record nothing either.
 */
class LearnedPacing implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(LearnedPacing.class);

    private final Pacer pacer;
    private final LearnedPaces paces;
    private final String tenant;

    /** @param tenant the tenant's host ({@code Auth0Properties.tenantKey()}): the key the paces are kept under */
    LearnedPacing(Pacer pacer, LearnedPaces paces, String tenant) {
        this.pacer = pacer;
        this.paces = paces;
        this.tenant = tenant;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        Map<Bucket, Double> start = new EnumMap<>(Bucket.class);
        Map<String, LearnedPaces.Pace> learned = paces.of(tenant);
        for (Bucket bucket : Bucket.values()) {
            LearnedPaces.Pace pace = learned.get(bucket.name());
            if (pace != null) {
                start.put(bucket, pace.perMinute());
            }
        }
        if (start.isEmpty()) {
            return;
        }
        pacer.resumeAt(start);
        log.info("Pacing: starting at the pace earlier runs found on {}: {}", tenant, describe(start));
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        Map<Bucket, Double> learned = pacer.learnedPerMinute();
        // a dry run plans what the real run will do: it must start from the same paces, so it records none
        boolean dryRun = Boolean.parseBoolean(jobExecution.getJobParameters().getString(MemberSyncJobConfiguration.DRY_RUN));
        if (learned.isEmpty() || dryRun) {
            return;
        }
        Map<String, Double> byName = new LinkedHashMap<>();
        learned.forEach((bucket, pace) -> byName.put(bucket.name(), pace));
        paces.save(tenant, byName, jobExecution.getJobInstance().getInstanceId());
        log.info("Pacing: the next run on {} starts at {}", tenant, describe(learned));
    }

    /** "member-writes 1,020/min, member-reads 2,410/min": the paces as the pacer applies them (within any cap). */
    private String describe(Map<Bucket, Double> perMinute) {
        return perMinute.keySet().stream()
                .map(bucket -> bucket.label() + " "
                        + String.format(java.util.Locale.ROOT, "%,.0f/min", pacer.perMinute(bucket)))
                .collect(Collectors.joining(", "));
    }
}
