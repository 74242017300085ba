package dev.orgmembersync.auth0;

/**
 * The pace this run keeps per bucket, read in one place by the forecast, the report page and the choice of how to
 * find the unknown ids of a refused batch. Today it is the configured rate (Auth0's documented default unless set).
 */
public final class Paces {

    private final RateLimitProperties rates;

    public Paces(RateLimitProperties rates) {
        this.rates = rates;
    }

    /** Calls per minute this run sends to {@code bucket}, not counting the tenant-wide limit. */
    public double perMinute(Bucket bucket) {
        return rates.of(bucket).perMinute();
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
