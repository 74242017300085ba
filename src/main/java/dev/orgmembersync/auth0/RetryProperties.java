package dev.orgmembersync.auth0;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How hard to retry one call (prefix {@code sync.retry}).
 *
 * @param maxAttempts attempts per call, first one included, for 5xx, 408 and network faults; a 429 is not
 *                    counted: it means "wait", and the call waits and is sent again
 * @param initialBackoff first back-off after a 5xx or network fault; doubles each time, with jitter
 * @param maxBackoff ceiling of one back-off, and of one wait for a rate-limit reset
 * @param throttleTimeout how long a bucket may answer nothing but 429 before the run stops (exit 1; the same
 *                        command resumes it later); any other answer starts the count again
 */
@Validated
@ConfigurationProperties("sync.retry")
public record RetryProperties(
        @DefaultValue("6") @Min(1) @Max(20) int maxAttempts,
        @DefaultValue("500ms") Duration initialBackoff,
        @DefaultValue("60s") Duration maxBackoff,
        @DefaultValue("1h") Duration throttleTimeout) {
}
