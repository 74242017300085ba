package dev.orgmembersync.auth0;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLException;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * Paces and retries every Management API call. Per bucket: a shared gate (closed until a 429's reset), a cap
 * on calls in flight (Auth0's last {@code x-ratelimit-remaining}) and an {@link AdaptivePace} whose limiter hands
 * out one permit per period, so calls leave evenly spaced at the pace the answers show the bucket allows; then the
 * optional tenant-wide limiter. A 429 is not a
 * failure: the call waits for the reset and is sent again, for as long as {@code sync.retry.throttle-timeout}
 * allows. 5xx, 408 and network faults back off exponentially with jitter, up to {@code sync.retry.max-attempts}
 * (one Resilience4j Retry); everything else is returned as it is.
 */
public final class Pacer {

    /** One Auth0 bucket as this client sees it; {@code burst} is its size until Auth0's x-ratelimit-limit says. */
    private record Lane(String name, AdaptivePace pace, ThrottleGate gate, InFlightLimit inFlight, int burst) {
    }

    private final Map<Bucket, Lane> lanes = new EnumMap<>(Bucket.class);
    /** Each bucket's size as Auth0's last x-ratelimit-limit gave it. */
    private final Map<Bucket, Long> reportedLimits = new ConcurrentHashMap<>();
    private final RateLimiter tenantLimiter;
    private final InFlightLimit tenantInFlight;
    private final Retry retry;
    private final ApiMetrics metrics;
    private final Clock clock;
    private final RetryProperties retryProperties;

    /**
     * @param explicit the buckets whose rate a {@code sync.rate-limit.*} option set: their pace never goes above it
     */
    Pacer(RateLimitProperties rates, Set<Bucket> explicit, RetryProperties retryProperties, ApiMetrics metrics,
            Clock clock, Sleeper sleeper) {
        this.metrics = metrics;
        this.clock = clock;
        this.retryProperties = retryProperties;
        for (Bucket bucket : Bucket.values()) {
            lanes.put(bucket, lane(bucket, rates.of(bucket), explicit.contains(bucket), sleeper));
        }
        boolean tenantWide = rates.tenant().perSecond() > 0;
        this.tenantLimiter = tenantWide ? limiter("tenant", rates.tenant().perSecond()) : null;
        this.tenantInFlight = tenantWide && rates.tenant().burst() > 0
                ? new InFlightLimit(rates.tenant().burst())
                : null;
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(retryProperties.initialBackoff(), 2.0,
                0.5, retryProperties.maxBackoff());
        RetryConfig config = RetryConfig.<ApiResponse>custom()
                .maxAttempts(retryProperties.maxAttempts())
                .retryOnResult(ApiResponse::isTransient)
                .retryOnException(ex -> ex instanceof IOException && !(ex instanceof SSLException))
                .intervalFunction(backoff)
                .build();
        this.retry = Retry.of("auth0", config);
        this.retry.getEventPublisher().onRetry(event -> metrics.retried());
    }

    private Lane lane(Bucket bucket, RateLimitProperties.BucketRate rate, boolean explicit, Sleeper sleeper) {
        String name = bucket.label();
        // One probe until the bucket's headers say what it holds: a tenant-wide limit smaller than the bucket (a free
        // tenant allows 2 calls a second in all) would refuse the rest of a full bucket sent at once.
        return new Lane(name, new AdaptivePace(name, rate.perMinute(), explicit, clock),
                new ThrottleGate(clock, sleeper), new InFlightLimit(1), rate.burst());
    }

    /** Starts each bucket named in {@code perMinute} at the pace an earlier run learned (within its cap). */
    public void resumeAt(Map<Bucket, Double> perMinute) {
        perMinute.forEach((bucket, pace) -> lanes.get(bucket).pace().resumeAt(pace));
    }

    /** The pace each bucket ended at, for the buckets that answered often enough for it to mean something. */
    public Map<Bucket, Double> learnedPerMinute() {
        Map<Bucket, Double> learned = new EnumMap<>(Bucket.class);
        lanes.forEach((bucket, lane) -> lane.pace().learnedPerMinute().ifPresent(pace -> learned.put(bucket, pace)));
        return learned;
    }

    /** Calls per minute {@code bucket} is paced at now. */
    public double perMinute(Bucket bucket) {
        return lanes.get(bucket).pace().perMinute();
    }

    /** The size of {@code bucket} as Auth0's last answer from it said (x-ratelimit-limit), if one did. */
    OptionalLong reportedLimit(Bucket bucket) {
        Long limit = reportedLimits.get(bucket);
        return limit == null ? OptionalLong.empty() : OptionalLong.of(limit);
    }

    /** Calls per minute {@code bucket} started this run at. */
    double startPerMinute(Bucket bucket) {
        return lanes.get(bucket).pace().startPerMinute();
    }

    /**
     * The tenant-wide limiter (set only by an option): one permit per period of 1 / rate, so calls leave one by
     * one; a larger period would hand out its permits together at the period boundary.
     */
    private static RateLimiter limiter(String name, double perSecond) {
        long periodNanos = Math.max(1, Math.round(1_000_000_000L / perSecond));
        return RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(Duration.ofDays(1))
                .build());
    }

    /**
     * Sends one logical call: waits for the gate, a place in flight and the limiters before each attempt and
     * retries as the class comment says. Returns the final answer (success, a 4xx, or the last 5xx when
     * attempts ran out); throws the last {@link IOException} when the network failed every attempt, and
     * {@link TenantUnavailableException} when the bucket answered only 429 for longer than the throttle timeout.
     */
    ApiResponse call(Bucket bucket, CheckedSupplier<ApiResponse> send) throws IOException {
        return call(bucket, send, true);
    }

    /**
     * Like {@link #call(Bucket, CheckedSupplier)} but a 5xx, 408 or network fault is returned (or thrown) at once,
     * for a call that must not be sent twice blindly (creating an invitation): the request may have been applied.
     * A 429 is still waited out and sent again: Auth0 refused it before doing anything.
     */
    ApiResponse callOnce(Bucket bucket, CheckedSupplier<ApiResponse> send) throws IOException {
        return call(bucket, send, false);
    }

    private ApiResponse call(Bucket bucket, CheckedSupplier<ApiResponse> send, boolean retryFaults) throws IOException {
        Lane lane = lanes.get(bucket);
        CheckedSupplier<ApiResponse> waitingOutThrottling = () -> {
            ApiResponse response = attempt(bucket, lane, send);
            while (response.isThrottled()) {
                Duration refused = lane.gate().refused();
                if (refused.compareTo(retryProperties.throttleTimeout()) >= 0) {
                    throw new TenantUnavailableException("Auth0 answered only 429 Too Many Requests to " + lane.name()
                            + " calls for " + human(refused.truncatedTo(ChronoUnit.SECONDS))
                            + " (sync.retry.throttle-timeout=" + human(retryProperties.throttleTimeout()) + ")");
                }
                metrics.retried();
                response = attempt(bucket, lane, send);
            }
            return response;
        };
        try {
            return retryFaults ? retry.executeCheckedSupplier(waitingOutThrottling) : waitingOutThrottling.get();
        }
        catch (IOException | RuntimeException ex) {
            throw ex;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to call Auth0", ex);
        }
        catch (Throwable ex) {
            throw new IllegalStateException(ex);
        }
    }

    private ApiResponse attempt(Bucket bucket, Lane lane, CheckedSupplier<ApiResponse> send) throws Throwable {
        acquire(lane);
        try {
            ApiResponse response = send.get();
            record(bucket, lane, response);
            return response;
        }
        catch (IOException ex) {
            metrics.call(bucket, ex instanceof HttpTimeoutException ? "timeout" : "io_error");
            throw ex;
        }
        finally {
            release(lane);
        }
    }

    /** The request itself leaves now (its token in hand): the first one starts the run's API span. */
    void sending() {
        metrics.sending();
    }

    /** Returns once this call may leave: gate open, its permit, the gate still open, and a place in flight. */
    private void acquire(Lane lane) throws InterruptedException {
        while (true) {
            lane.gate().awaitOpen();
            if (tenantLimiter != null) {
                RateLimiter.waitForPermission(tenantLimiter);
            }
            lane.pace().acquire();
            // A 429 may have come in while this thread waited for its permit: then it queues again behind the
            // reset instead of leaving the moment the reset ends.
            if (!lane.gate().isOpen()) {
                continue;
            }
            if (tryHoldPlace(lane)) {
                return;
            }
            // As many calls are out as Auth0 said it has room for: wait for one to come back, then take a fresh
            // permit, so that the calls waiting here do not all leave together when room appears.
            lane.inFlight().awaitRoom();
            if (tenantInFlight != null) {
                tenantInFlight.awaitRoom();
            }
        }
    }

    private boolean tryHoldPlace(Lane lane) {
        if (!lane.inFlight().tryAcquire()) {
            return false;
        }
        if (tenantInFlight != null && !tenantInFlight.tryAcquire()) {
            lane.inFlight().release();
            return false;
        }
        return true;
    }

    private void release(Lane lane) {
        if (tenantInFlight != null) {
            tenantInFlight.release();
        }
        lane.inFlight().release();
    }

    private void record(Bucket bucket, Lane lane, ApiResponse response) {
        metrics.call(bucket, outcomeTag(response.status()));
        response.rateLimitLimit().ifPresent(limit -> reportedLimits.put(bucket, limit));
        response.rateLimitRemaining().ifPresent(remaining -> {
            lane.inFlight().remaining(remaining);
            lane.pace().answered(remaining, response.rateLimitLimit().orElse(lane.burst()));
        });
        lane.gate().heed(response, retryProperties.maxBackoff());
        if (response.isThrottled()) {
            lane.pace().throttled();
            metrics.throttled();
        }
    }

    /** "1h", "10m", "1m30s", as the property is written. */
    private static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase();
    }

    private static String outcomeTag(int status) {
        if (status == 429) {
            return "throttled";
        }
        return (status / 100) + "xx";
    }
}
