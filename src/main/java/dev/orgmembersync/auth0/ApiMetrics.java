package dev.orgmembersync.auth0;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Micrometer meters for API traffic (every attempt, every 429, every retry), and the per-second timeline. */
public final class ApiMetrics {

    /** The outcome tag of a 429 answer. */
    static final String THROTTLED = "throttled";

    private final MeterRegistry registry;
    private final Counter throttled;
    private final Counter retries;
    private final CallTimeline timeline;

    public ApiMetrics(MeterRegistry registry, CallTimeline timeline) {
        this.registry = registry;
        this.timeline = timeline;
        this.throttled = Counter.builder("orgsync.api.throttled").description("429 answers").register(registry);
        this.retries = Counter.builder("orgsync.api.retries").description("attempts after the first").register(registry);
    }

    void call(Bucket bucket, String outcome) {
        registry.counter("orgsync.api.calls", "bucket", bucket.name().toLowerCase(), "outcome", outcome).increment();
        timeline.call(bucket, THROTTLED.equals(outcome));
    }

    void sending() {
        timeline.sending();
    }

    void throttled() {
        throttled.increment();
    }

    void retried() {
        retries.increment();
    }

    /** Totals so far, for the summary. */
    public ApiTotals totals() {
        long calls = Math.round(registry.find("orgsync.api.calls").counters().stream().mapToDouble(Counter::count).sum());
        return new ApiTotals(calls, Math.round(throttled.count()), Math.round(retries.count()));
    }

    /** Calls made so far (every attempt) per bucket, for the buckets called at least once. */
    public Map<Bucket, Long> callsByBucket() {
        Map<Bucket, Long> calls = new EnumMap<>(Bucket.class);
        for (Bucket bucket : Bucket.values()) {
            long count = Math.round(registry.find("orgsync.api.calls").tag("bucket", bucket.name().toLowerCase())
                    .counters().stream().mapToDouble(Counter::count).sum());
            if (count > 0) {
                calls.put(bucket, count);
            }
        }
        return calls;
    }

    /** Calls made, 429s seen, retries done. */
    public record ApiTotals(long calls, long throttled, long retries) {

        public ApiTotals plus(ApiTotals other) {
            return new ApiTotals(calls + other.calls, throttled + other.throttled, retries + other.retries);
        }
    }
}
