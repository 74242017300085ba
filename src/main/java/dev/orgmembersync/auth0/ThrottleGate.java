package dev.orgmembersync.auth0;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A shared "no request before" instant for one bucket. A 429 (or a bucket reported empty) tells every
 * caller to wait for the advertised reset, not just the one that was answered: a RateLimiter alone can
 * not express "closed until T". The gate also remembers since when the bucket has answered nothing but
 * 429, which {@code sync.retry.throttle-timeout} bounds.
 */
final class ThrottleGate {

    private final Clock clock;
    private final Sleeper sleeper;
    private final AtomicReference<Instant> openAt = new AtomicReference<>(Instant.EPOCH);
    private final AtomicReference<Instant> refusedSince = new AtomicReference<>();

    ThrottleGate(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
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
