package dev.orgmembersync.auth0;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A shared "no request before" instant for one bucket. A 429 (or a bucket reported empty) tells every
 * caller to wait for the advertised reset, not just the one that was answered: a RateLimiter alone can
 * not express "closed until T". The gate also remembers since when the bucket has answered nothing but
 * 429, which {@code sync.retry.throttle-timeout} bounds.
 */
final class ThrottleGate {

    /** Auth0's reset can equal "now" (go-auth0#501): waiting less than this would just be refused again. */
    private static final Duration MIN_THROTTLE_WAIT = Duration.ofSeconds(1);

    private final Clock clock;
    private final Sleeper sleeper;
    private final AtomicReference<Instant> openAt = new AtomicReference<>(Instant.EPOCH);
    private final AtomicReference<Instant> refusedSince = new AtomicReference<>();

    ThrottleGate(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Closes the gate as the answer asks, never for longer than {@code maxWait}: after a 429 until its reset (with
     * jitter); after an answer that reports the bucket empty until its reset, since the next call would be refused.
     */
    void heed(ApiResponse response, Duration maxWait) {
        if (response.isThrottled()) {
            closeUntil(clock.instant().plus(throttleWait(response, maxWait)));
            return;
        }
        answered();
        OptionalLong remaining = response.rateLimitRemaining();
        Instant reset = response.rateLimitReset();
        if (remaining.isPresent() && remaining.getAsLong() <= 0 && reset != null) {
            Instant latest = clock.instant().plus(maxWait);
            closeUntil(reset.isAfter(latest) ? latest : reset);
        }
    }

    /** max(1 s, reset - now) plus up to 20 % jitter so that callers released together do not collide again. */
    private Duration throttleWait(ApiResponse response, Duration maxWait) {
        Duration wait = MIN_THROTTLE_WAIT;
        OptionalLong retryAfter = response.retryAfterSeconds();
        Instant reset = response.rateLimitReset();
        if (retryAfter.isPresent()) {
            wait = max(wait, Duration.ofSeconds(retryAfter.getAsLong()));
        }
        else if (reset != null) {
            wait = max(wait, Duration.between(clock.instant(), reset));
        }
        long jitter = (long) (wait.toMillis() * 0.2 * ThreadLocalRandom.current().nextDouble());
        Duration total = wait.plusMillis(jitter);
        return total.compareTo(maxWait) > 0 ? maxWait : total;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    void closeUntil(Instant until) {
        openAt.accumulateAndGet(until, (current, proposed) -> proposed.isAfter(current) ? proposed : current);
    }

    boolean isOpen() {
        return !clock.instant().isBefore(openAt.get());
    }

    void awaitOpen() throws InterruptedException {
        Duration wait;
        while (!(wait = Duration.between(clock.instant(), openAt.get())).isNegative() && !wait.isZero()) {
            sleeper.sleep(wait);
        }
    }

    /** Notes a 429; returns how long the bucket has answered only 429 (zero for the first one). */
    Duration refused() {
        Instant now = clock.instant();
        Instant since = refusedSince.accumulateAndGet(now, (current, proposed) -> current != null ? current : proposed);
        return Duration.between(since, now);
    }

    /** Any answer other than a 429 ends a run of refusals. */
    void answered() {
        refusedSince.set(null);
    }
}
