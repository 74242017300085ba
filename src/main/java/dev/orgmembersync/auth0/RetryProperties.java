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
 * @param maxAttempts attempts per call, first one included (429, 5xx, network faults)
 * @param initialBackoff first back-off after a 5xx or network fault; doubles each time, with jitter
 * @param maxBackoff ceiling of one back-off, and of one wait for a rate-limit reset
 */
@Validated
@ConfigurationProperties("sync.retry")
public record RetryProperties(
        @DefaultValue("6") @Min(1) @Max(20) int maxAttempts,
        @DefaultValue("500ms") Duration initialBackoff,
        @DefaultValue("60s") Duration maxBackoff) {
}
