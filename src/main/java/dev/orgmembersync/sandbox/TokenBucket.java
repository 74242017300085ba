package dev.orgmembersync.sandbox;

import java.util.function.LongSupplier;

/** Runtime state of one {@link BucketLimit}: starts full, refills continuously from a monotonic nanosecond clock. */
final class TokenBucket {

    /** Outcome of one take: whether a token was granted and the state used for the x-ratelimit-* headers. */
    record State(boolean granted, int limit, int remaining, double secondsUntilNextToken) {
    }

    /** Upper bound of the "next token" wait when the bucket never refills. */
    private static final double NEVER_SECONDS = 86_400;

    private final double refillPerNano;
    private final int capacity;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    TokenBucket(BucketLimit config, LongSupplier nanoTime) {
        this.refillPerNano = config.refillPerSecond() / 1e9;
        this.capacity = config.capacity();
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes one token if one is available. */
    synchronized State tryTake() {
        refill();
        boolean granted = tokens >= 1;
        if (granted) {
            tokens -= 1;
        }
        return state(granted);
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * refillPerNano);
            refilledAt = now;
        }
    }

    private State state(boolean granted) {
        int whole = (int) Math.floor(tokens);
        double wait;
        if (tokens >= capacity) {
            wait = 0;
        } else if (refillPerNano <= 0) {
            wait = NEVER_SECONDS;
        } else {
            wait = Math.min(NEVER_SECONDS, (whole + 1 - tokens) / (refillPerNano * 1e9));
        }
        return new State(granted, capacity, whole, wait);
    }
}
