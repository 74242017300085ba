package dev.orgmembersync.auth0;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Calls and 429 answers per second and per bucket, kept in memory for this process's execution, so the report
 * page can draw how the run used each bucket. A second costs two counters: a ten-hour run keeps 36,000 per bucket.
 */
public final class CallTimeline {

    private final Clock clock;
    private final Map<Bucket, ConcurrentMap<Long, Counts>> seconds = new EnumMap<>(Bucket.class);
    private final AtomicReference<Instant> firstSent = new AtomicReference<>();
    private final AtomicReference<Instant> lastAnswered = new AtomicReference<>();

    public CallTimeline(Clock clock) {
        this.clock = clock;
        for (Bucket bucket : Bucket.values()) {
            seconds.put(bucket, new ConcurrentHashMap<>());
        }
    }

    /** A call is about to leave: the first one starts this process's API span. */
    void sending() {
        if (firstSent.get() == null) {
            firstSent.compareAndSet(null, clock.instant());
        }
    }

    void call(Bucket bucket, boolean throttled) {
        Instant now = clock.instant();
        lastAnswered.accumulateAndGet(now, (last, next) -> last == null || next.isAfter(last) ? next : last);
        Counts counts = seconds.get(bucket).computeIfAbsent(now.getEpochSecond(), second -> new Counts());
        counts.calls.increment();
        if (throttled) {
            counts.throttled.increment();
        }
    }

    /**
     * Seconds from the first Management API request this process sent (its token in hand) to the last answer, or
     * network fault, it got; empty before any.
     */
    public Optional<Double> apiSeconds() {
        Instant first = firstSent.get();
        Instant last = lastAnswered.get();
        return first == null || last == null ? Optional.empty()
                : Optional.of(Math.max(0, Duration.between(first, last).toNanos()) / 1e9);
    }

    /** The calls so far: per bucket, epoch second to what happened in it, in time order. */
    public Map<Bucket, NavigableMap<Long, Second>> snapshot() {
        Map<Bucket, NavigableMap<Long, Second>> copy = new EnumMap<>(Bucket.class);
        seconds.forEach((bucket, counts) -> {
            NavigableMap<Long, Second> ordered = new TreeMap<>();
            counts.forEach((second, c) -> ordered.put(second, new Second(c.calls.sum(), c.throttled.sum())));
            copy.put(bucket, ordered);
        });
        return copy;
    }

    /** Calls made in one second (every attempt) and how many of them Auth0 answered 429. */
    public record Second(long calls, long throttled) {
    }

    private static final class Counts {
        private final LongAdder calls = new LongAdder();
        private final LongAdder throttled = new LongAdder();
    }
}
