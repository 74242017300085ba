package dev.orgmembersync.auth0;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A shared "no request before" instant for one bucket. A 429 (or a bucket reported empty) tells every
 * caller to wait for the advertised reset, not just the one that was answered: a RateLimiter alone can
 * not express "closed until T".
 */
final class ThrottleGate {

    private final Clock clock;
    private final AtomicReference<Instant> openAt = new AtomicReference<>(Instant.EPOCH);

    ThrottleGate(Clock clock) {
        this.clock = clock;
    }

    void closeUntil(Instant until) {
        openAt.accumulateAndGet(until, (current, proposed) -> proposed.isAfter(current) ? proposed : current);
    }

    Instant openAt() {
        return openAt.get();
    }

    void awaitOpen() throws InterruptedException {
        Duration wait;
        while (!(wait = Duration.between(clock.instant(), openAt.get())).isNegative() && !wait.isZero()) {
            Thread.sleep(Math.max(1, wait.toMillis()));
        }
    }
}
