package dev.orgmembersync.auth0;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Client-side buckets mirroring Auth0's (prefix {@code sync.rate-limit}). Defaults are Auth0's documented
 * limits for organization members: writes 200/min burst 20, reads 500/min burst 40; users by email and user
 * export jobs fall under "all other endpoints", 150/min burst 10; the tenant-wide
 * Management API bucket is off unless set (2/s on a free tenant, 16/s on enterprise production).
 */
@Validated
@ConfigurationProperties("sync.rate-limit")
public record RateLimitProperties(
        @Valid @DefaultValue Writes writes,
        @Valid @DefaultValue Reads reads,
        @Valid @DefaultValue Users users,
        @Valid @DefaultValue Tenant tenant) {

    /**
     * Adding or removing organization members.
     *
     * @param perMinute sustained requests per minute of Auth0's member-writes bucket
     * @param burst size of Auth0's member-writes bucket
     */
    public record Writes(@DefaultValue("200") @Min(1) int perMinute, @DefaultValue("20") @Min(1) int burst) {
    }

    /**
     * Reading organization members (and organizations by name).
     *
     * @param perMinute sustained requests per minute of Auth0's member-reads bucket
     * @param burst size of Auth0's member-reads bucket
     */
    public record Reads(@DefaultValue("500") @Min(1) int perMinute, @DefaultValue("40") @Min(1) int burst) {
    }

    /**
     * Looking users up by email and running user export jobs.
     *
     * @param perMinute sustained requests per minute of Auth0's "all other endpoints" bucket
     * @param burst size of Auth0's "all other endpoints" bucket
     */
    public record Users(@DefaultValue("150") @Min(1) int perMinute, @DefaultValue("10") @Min(1) int burst) {
    }

    /**
     * Every Management API call.
     *
     * @param perSecond tenant-wide requests per second (2 on a free tenant, 16 on enterprise production); 0 = off
     * @param burst size of the tenant-wide bucket
     */
    public record Tenant(@DefaultValue("0") @PositiveOrZero double perSecond, @DefaultValue("0") @PositiveOrZero int burst) {
    }
}
