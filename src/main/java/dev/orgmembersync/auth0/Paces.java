package dev.orgmembersync.auth0;

import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The pace this run keeps per bucket, read in one place by the forecast, the report page and the choice of how to
 * find the unknown ids of a refused batch: the pace the {@link Pacer} started the run at (configured, learned on an
 * earlier night, or Auth0's documented default) and the one it is at now; the configured rate where no Pacer is
 * given.
 */
public final class Paces {

    /** The smallest bucket Auth0 documents for the member endpoints (writes and one row of reads: burst 20). */
    static final long SMALLEST_DOCUMENTED_MEMBER_BUCKET = 20;

    private final RateLimitProperties rates;
    private final ToDoubleFunction<Bucket> start;
    private final ToDoubleFunction<Bucket> now;
    private final Function<Bucket, OptionalLong> reportedLimit;

    public Paces(RateLimitProperties rates) {
        this.rates = rates;
        this.start = bucket -> rates.of(bucket).perMinute();
        this.now = start;
        this.reportedLimit = bucket -> OptionalLong.empty();
    }

    Paces(RateLimitProperties rates, Pacer pacer) {
        this.rates = rates;
        this.start = pacer::startPerMinute;
        this.now = pacer::perMinute;
        this.reportedLimit = pacer::reportedLimit;
    }

    /**
     * Calls per minute this run started {@code bucket} at, not counting the tenant-wide limit: what the forecast
     * assumes, so that a dry run and the real run after it plan alike.
     */
    public double perMinute(Bucket bucket) {
        return start.applyAsDouble(bucket);
    }

    /** Calls per minute {@code bucket} is paced at now: what Auth0's answers showed it to allow so far. */
    public double perMinuteNow(Bucket bucket) {
        return now.applyAsDouble(bucket);
    }

    /** Calls per second of the tenant-wide limit (every Management API call); 0 when off. */
    public double tenantPerSecond() {
        return rates.tenant().perSecond();
    }

    /**
     * True when the tenant-wide limit is no faster than the member-writes bucket, as on a free tenant with its one
     * global bucket: then every call costs the same, and the fewest calls are the fastest.
     */
    public boolean oneGlobalBucket() {
        return tenantPerSecond() > 0 && tenantPerSecond() * 60 <= perMinute(Bucket.MEMBER_WRITES);
    }

    /**
     * True when member reads and member writes draw on one bucket, so that running them side by side gains nothing
     * and costs 429s: {@link #oneGlobalBucket}, or Auth0's member-read answers report a bucket smaller than any it
     * documents for an endpoint (20): then the headers describe the tenant-wide bucket (a free tenant's holds 2).
     */
    public boolean membersShareOneBucket() {
        return oneGlobalBucket()
                || reportedLimit.apply(Bucket.MEMBER_READS).orElse(Long.MAX_VALUE) < SMALLEST_DOCUMENTED_MEMBER_BUCKET;
    }

    /** Auth0's size of {@code bucket} as its last answer said, if one did. */
    public OptionalLong reportedLimit(Bucket bucket) {
        return reportedLimit.apply(bucket);
    }
}
