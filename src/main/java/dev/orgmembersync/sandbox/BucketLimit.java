package dev.orgmembersync.sandbox;

/**
 * Configuration of one Auth0-style token bucket: it starts full with {@code capacity} tokens (the burst) and
 * refills continuously at {@code refillPerSecond} (the sustained rate). A capacity of 0 disables the bucket.
 *
 * @param refillPerSecond tokens added per second, {@code >= 0}
 * @param capacity        bucket size (burst), {@code >= 0}; 0 = no limit
 */
public record BucketLimit(double refillPerSecond, int capacity) {

    public BucketLimit {
        if (!(refillPerSecond >= 0) || Double.isInfinite(refillPerSecond)) {
            throw new IllegalArgumentException("refillPerSecond must be a finite value >= 0: " + refillPerSecond);
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
        }
    }

    /** A disabled bucket: requests are never limited by it. */
    public static BucketLimit off() {
        return new BucketLimit(0, 0);
    }

    /** Auth0 style "burst / sustained per minute", e.g. {@code perMinute(200, 20)} for organization member writes. */
    public static BucketLimit perMinute(int perMinute, int burst) {
        return new BucketLimit(perMinute / 60.0, burst);
    }

    /** Auth0 style "burst / sustained per second", e.g. {@code perSecond(16, 50)} for the global Management API limit. */
    public static BucketLimit perSecond(double perSecond, int burst) {
        return new BucketLimit(perSecond, burst);
    }

    /** Whether this bucket limits anything. */
    public boolean enabled() {
        return capacity > 0;
    }
}
