package dev.orgmembersync.auth0;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that moves only when slept on: its {@link #sleeper()} records each wait and advances the time instead. */
final class ManualClock extends Clock {

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private Instant now;

    ManualClock(Instant start) {
        this.now = start;
    }

    Sleeper sleeper() {
        return duration -> {
            sleeps.add(duration);
            synchronized (this) {
                now = now.plus(duration);
            }
        };
    }

    /** Every wait so far, in order. */
    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
