package dev.orgmembersync.auth0;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLException;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * Paces and retries every Management API call: a shared gate per bucket (closed until a 429's reset),
 * Resilience4j RateLimiters (bucket, then tenant-wide) and one Resilience4j Retry. 429 waits until
 * {@code x-ratelimit-reset} (at least one second, plus jitter); 5xx, 408 and network faults back off
 * exponentially with jitter; everything else is returned as it is.
 */
public final class Pacer {

    /** Auth0's reset can equal "now" (go-auth0#501): waiting less than this would just be refused again. */
    private static final Duration MIN_THROTTLE_WAIT = Duration.ofSeconds(1);

    private final Map<Bucket, RateLimiter> limiters = new EnumMap<>(Bucket.class);
    private final Map<Bucket, ThrottleGate> gates = new EnumMap<>(Bucket.class);
    private final RateLimiter tenantLimiter;
    private final Retry retry;
    private final ApiMetrics metrics;
    private final Clock clock;
    private final RetryProperties retryProperties;

    public Pacer(RateLimitProperties rates, RetryProperties retryProperties, ApiMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
        this.retryProperties = retryProperties;
        limiters.put(Bucket.MEMBER_WRITES,
                limiter("member-writes", rates.writes().perMinute() / 60.0, rates.writes().burst()));
        limiters.put(Bucket.MEMBER_READS,
                limiter("member-reads", rates.reads().perMinute() / 60.0, rates.reads().burst()));
        limiters.put(Bucket.USERS, limiter("users", rates.users().perMinute() / 60.0, rates.users().burst()));
        for (Bucket bucket : Bucket.values()) {
            gates.put(bucket, new ThrottleGate(clock));
        }
        this.tenantLimiter = rates.tenant().perSecond() > 0
                ? limiter("tenant", rates.tenant().perSecond(), Math.max(1, rates.tenant().burst()))
                : null;
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(retryProperties.initialBackoff(), 2.0,
                0.5, retryProperties.maxBackoff());
        RetryConfig config = RetryConfig.<ApiResponse>custom()
                .maxAttempts(retryProperties.maxAttempts())
                .retryOnResult(response -> response.isThrottled() || response.isTransient())
                .retryOnException(ex -> ex instanceof IOException && !(ex instanceof SSLException))
                .intervalBiFunction((Integer attempt, Either<Throwable, ApiResponse> outcome) ->
                        outcome.isRight() && outcome.get().isThrottled()
                                ? throttleWait(outcome.get()).toMillis()
                                : backoff.apply(attempt))
                .build();
        this.retry = Retry.of("auth0", config);
        this.retry.getEventPublisher().onRetry(event -> metrics.retried());
    }

    /**
     * Our bucket holds half of Auth0's burst and refills at its sustained rate: on average we send exactly
     * the allowed rate, yet timing jitter between the two clocks can never empty Auth0's bucket.
     */
    private static RateLimiter limiter(String name, double perSecond, int burst) {
        int permits = Math.max(1, burst / 2);
        long periodNanos = Math.max(1, Math.round(permits * 1_000_000_000L / perSecond));
        return RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(permits)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(Duration.ofDays(1))
                .build());
    }

    /**
     * Sends one logical call: waits for the gate and the limiters before each attempt and retries as the
     * class comment says. Returns the final answer (success, a 4xx, or the last 429/5xx when attempts ran
     * out); throws the last {@link IOException} when the network failed every attempt.
     */
    ApiResponse call(Bucket bucket, CheckedSupplier<ApiResponse> send) throws IOException {
        CheckedSupplier<ApiResponse> paced = () -> {
            gates.get(bucket).awaitOpen();
            if (tenantLimiter != null) {
                RateLimiter.waitForPermission(tenantLimiter);
            }
            RateLimiter.waitForPermission(limiters.get(bucket));
            // A 429 may have closed the gate while this thread waited for its permit.
            gates.get(bucket).awaitOpen();
            ApiResponse response;
            try {
                response = send.get();
            }
            catch (IOException ex) {
                metrics.call(bucket, ex instanceof HttpTimeoutException ? "timeout" : "io_error");
                throw ex;
            }
            record(bucket, response);
            return response;
        };
        try {
            return retry.executeCheckedSupplier(paced);
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

    private void record(Bucket bucket, ApiResponse response) {
        metrics.call(bucket, outcomeTag(response.status()));
        if (response.isThrottled()) {
            metrics.throttled();
            gates.get(bucket).closeUntil(clock.instant().plus(throttleWait(response)));
            return;
        }
        // Slow down before the limit: an empty bucket means the next call would be refused until the reset.
        OptionalLong remaining = response.rateLimitRemaining();
        Instant reset = response.rateLimitReset();
        if (remaining.isPresent() && remaining.getAsLong() <= 0 && reset != null) {
            Instant latest = clock.instant().plus(retryProperties.maxBackoff());
            gates.get(bucket).closeUntil(reset.isAfter(latest) ? latest : reset);
        }
    }

    /** max(1 s, reset - now) plus up to 20 % jitter so that callers released together do not collide again. */
    Duration throttleWait(ApiResponse response) {
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
        return total.compareTo(retryProperties.maxBackoff()) > 0 ? retryProperties.maxBackoff() : total;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String outcomeTag(int status) {
        if (status == 429) {
            return "throttled";
        }
        return (status / 100) + "xx";
    }
}
