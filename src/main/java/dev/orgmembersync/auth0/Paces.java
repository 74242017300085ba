package dev.orgmembersync.auth0;

import java.util.function.ToDoubleFunction;

/**
 * The pace this run keeps per bucket, read in one place by the forecast, the report page and the choice of how to
 * find the unknown ids of a refused batch: the pace the {@link Pacer} is at now (configured, learned on an earlier
 * night, or Auth0's documented default), or the configured rate where no Pacer is given.
 */
public final class Paces {

    private final RateLimitProperties rates;
    private final ToDoubleFunction<Bucket> current;

    public Paces(RateLimitProperties rates) {
        this.rates = rates;
        this.current = bucket -> rates.of(bucket).perMinute();
    }

    Paces(RateLimitProperties rates, Pacer pacer) {
        this.rates = rates;
        this.current = pacer::perMinute;
    }

    /** Calls per minute this run sends to {@code bucket}, not counting the tenant-wide limit. */
    public double perMinute(Bucket bucket) {
        return current.applyAsDouble(bucket);
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
}
