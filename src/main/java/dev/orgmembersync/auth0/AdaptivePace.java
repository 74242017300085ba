package dev.orgmembersync.auth0;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

/**
 * The pace of one bucket, found from Auth0's answers (additive increase, multiplicative decrease). It starts at the
 * configured rate (Auth0's documented one unless set) or at the pace learned on an earlier night, then:
 * <ul>
 * <li>while an answer says the bucket is more than half full, the pace grows by a fifth of the base rate each
 * second (a larger plan's bucket is found in about 20 s per multiple of the documented rate);</li>
 * <li>below the base (after a 429), the pace grows back the same way as soon as the bucket holds anything;</li>
 * <li>while it says the bucket is less than a quarter full, a pace above the base drifts back down to it;</li>
 * <li>a 429 cuts the pace by 30 % (at most once a second), down to a twentieth of the base.</li>
 * </ul>
 * An explicit {@code sync.rate-limit.*} option is the cap; without one the cap is 20 times the documented rate.
 * The limiter is Resilience4j's, one permit per period of 1 / pace: it has no way to change its period, so a new
 * one replaces it when the pace moved by 5 % or more. Callers do not queue inside the limiter (each would hold a
 * reservation at the old pace): only the caller first in line reserves, and only a permit at most 50 ms away.
 */
final class AdaptivePace {

    /** Growth per second while the bucket is more than half full, as a share of the base rate. */
    private static final double RAMP_PER_SECOND = 0.2;
    /** Shrink per second while the bucket is less than a quarter full and the pace is above the base. */
    private static final double DRIFT_PER_SECOND = 0.1;
    private static final double CUT_ON_429 = 0.7;
    private static final double CAP_MULTIPLE = 20;
    /** Answers with rate-limit headers needed before the pace found is worth remembering. */
    private static final int ANSWERS_TO_LEARN = 20;
    /**
     * The first caller in line reserves the next permit when it is at most this far off (a replacement limiter is
     * then noticed within this time); a farther one it waits for in steps.
     */
    private static final Duration RESERVE_AHEAD = Duration.ofMillis(50);
    private static final long MIN_PARK_NANOS = 1_000_000;

    private final String name;
    private final double base;
    private final double floor;
    private final double cap;
    private final Clock clock;
    private double perSecond;
    private double startPerSecond;
    private long answers;
    private Instant lastCut = Instant.EPOCH;
    private volatile AtomicRateLimiter limiter;
    private final ReentrantLock queue = new ReentrantLock(true);

    /**
     * @param perMinute the configured rate (Auth0's documented one unless set)
     * @param explicit whether a {@code sync.rate-limit.*} option set it: then it is also the cap
     */
    AdaptivePace(String name, double perMinute, boolean explicit, Clock clock) {
        this.name = name;
        this.base = perMinute / 60.0;
        this.floor = base / 20;
        this.cap = explicit ? base : base * CAP_MULTIPLE;
        this.clock = clock;
        this.perSecond = base;
        this.startPerSecond = base;
        this.limiter = limiter(base);
    }

    /** Starts from the pace an earlier run learned for this tenant, within this run's floor and cap. */
    synchronized void resumeAt(double perMinute) {
        perSecond = Math.max(floor, Math.min(cap, perMinute / 60.0));
        startPerSecond = perSecond;
        limiter = limiter(perSecond);
    }

    /**
     * Returns once this caller holds a permit. Callers queue in order on a fair lock and only the first asks the
     * limiter: permits are handed out one at a time anyway, and 32 threads polling together would each wake at
     * every permit. At most one permit is reserved ahead, so a replaced limiter holds back one caller for at most
     * {@link #RESERVE_AHEAD}.
     */
    void acquire() throws InterruptedException {
        queue.lockInterruptibly();
        try {
            // acquirePermission reserves the next permit when it comes within RESERVE_AHEAD and waits for it; a
            // reserved permit is not lost when this thread wakes late, so a busy machine does not cost rate
            while (!limiter.acquirePermission()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for a " + name + " permit");
                }
                long wait = limiter.getDetailedMetrics().getNanosToWait() - RESERVE_AHEAD.toNanos() / 2;
                LockSupport.parkNanos(Math.max(MIN_PARK_NANOS, Math.min(RESERVE_AHEAD.toNanos(), wait)));
            }
        }
        finally {
            queue.unlock();
        }
    }

    /** An answer that carried {@code x-ratelimit-remaining}; {@code limit} is the bucket's size. */
    synchronized void answered(long remaining, long limit) {
        answers++;
        if (remaining * 2 > limit) {
            perSecond = Math.min(cap, perSecond + RAMP_PER_SECOND * base / perSecond);
        }
        else if (remaining > 0 && perSecond < base) {
            // back up to the base as soon as the bucket holds anything: the 429 that cut the pace may have come from
            // a moment of outside traffic, and the gate still keeps every call out of an empty bucket
            perSecond = Math.min(base, perSecond + RAMP_PER_SECOND * base / perSecond);
        }
        else if (remaining * 4 < limit && perSecond > base) {
            perSecond = Math.max(base, perSecond * (1 - DRIFT_PER_SECOND / perSecond));
        }
        applyIfMoved();
    }

    /** A 429: the bucket is smaller than the pace, or other traffic shares it. */
    synchronized void throttled() {
        Instant now = clock.instant();
        if (Duration.between(lastCut, now).compareTo(Duration.ofSeconds(1)) < 0) {
            return;
        }
        lastCut = now;
        perSecond = Math.max(floor, perSecond * CUT_ON_429);
        limiter = replacement(perSecond);
    }

    /** Calls per minute at the moment, to a tenth (500/60 * 60 is not quite 500 in floating point). */
    synchronized double perMinute() {
        return tenth(perSecond);
    }

    /** Calls per minute this run started at: configured, or learned on an earlier night. */
    synchronized double startPerMinute() {
        return tenth(startPerSecond);
    }

    private static double tenth(double perSecond) {
        return Math.round(perSecond * 600) / 10.0;
    }

    /** The pace to start the next run at, once enough answers showed the bucket. */
    synchronized OptionalDouble learnedPerMinute() {
        return answers >= ANSWERS_TO_LEARN ? OptionalDouble.of(perMinute()) : OptionalDouble.empty();
    }

    private void applyIfMoved() {
        double current = 1_000_000_000.0 / limiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
        if (Math.abs(perSecond - current) >= 0.05 * current) {
            limiter = replacement(perSecond);
        }
    }

    /** A limiter whose first permit is a period from now: replacing one must not add a call. */
    private AtomicRateLimiter replacement(double rate) {
        AtomicRateLimiter created = limiter(rate);
        created.acquirePermission();
        return created;
    }

    /** One permit per period of 1 / rate. */
    private AtomicRateLimiter limiter(double rate) {
        long periodNanos = Math.max(1, Math.round(1_000_000_000L / rate));
        return new AtomicRateLimiter(name, RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(RESERVE_AHEAD)
                .build());
    }
}
