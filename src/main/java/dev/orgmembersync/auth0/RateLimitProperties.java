package dev.orgmembersync.auth0;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Client-side buckets mirroring Auth0's (prefix {@code sync.rate-limit}). Defaults are Auth0's documented
 * Essentials/Professional limits: member writes 200/min burst 20, member reads 500/min burst 40, organizations
 * by name 100/min burst 10, users by email and user export jobs ("all other endpoints") 150/min burst 10, user
 * reads ("Read Users", the user search and users by id) 500/min burst 40; the
 * tenant-wide Management API bucket is off unless set (2/s on a free tenant,
 * 16/s on enterprise production). A bucket's {@code per-minute} is where its pace starts when the tenant has no
 * learned pace yet; set explicitly, it is also the cap ({@link AdaptivePace}). Calls leave evenly spaced, never in
 * bursts; the burst caps the calls in flight until Auth0's {@code x-ratelimit-remaining} tells how many the bucket
 * still holds.
 */
@Validated
@ConfigurationProperties("sync.rate-limit")
public record RateLimitProperties(
        @Valid @DefaultValue Writes writes,
        @Valid @DefaultValue Reads reads,
        @Valid @DefaultValue Tenant tenant,
        @Valid @DefaultValue OrganizationsByName organizationsByName,
        @Valid @DefaultValue Users users,
        @Valid @DefaultValue Invitations invitations,
        @Valid @DefaultValue UserReads userReads,
        @Valid @DefaultValue Roles roles,
        @Valid @DefaultValue MemberRoles memberRoles) {

    /** One bucket's configured pace: sustained requests per minute, and the bucket's size. */
    public record BucketRate(int perMinute, int burst) {
    }

    /** The option group of {@code bucket} under {@code sync.rate-limit}, e.g. {@code writes}. */
    public static String optionOf(Bucket bucket) {
        return switch (bucket) {
            case MEMBER_WRITES -> "writes";
            case MEMBER_READS -> "reads";
            case ORGANIZATIONS_BY_NAME -> "organizations-by-name";
            case USERS -> "users";
            case USER_READS -> "user-reads";
            case INVITATIONS -> "invitations";
            case ROLES -> "roles";
            case MEMBER_ROLES -> "member-roles";
        };
    }

    /** The configured pace of {@code bucket}. */
    public BucketRate of(Bucket bucket) {
        return switch (bucket) {
            case MEMBER_WRITES -> new BucketRate(writes.perMinute(), writes.burst());
            case MEMBER_READS -> new BucketRate(reads.perMinute(), reads.burst());
            case ORGANIZATIONS_BY_NAME -> new BucketRate(organizationsByName.perMinute(), organizationsByName.burst());
            case USERS -> new BucketRate(users.perMinute(), users.burst());
            case USER_READS -> new BucketRate(userReads.perMinute(), userReads.burst());
            case INVITATIONS -> new BucketRate(invitations.perMinute(), invitations.burst());
            case ROLES -> new BucketRate(roles.perMinute(), roles.burst());
            case MEMBER_ROLES -> new BucketRate(memberRoles.perMinute(), memberRoles.burst());
        };
    }

    /**
     * Looking roles up by name ({@code roles} in the input), once per distinct name and page.
     *
     * @param perMinute sustained requests per minute of Auth0's "all other endpoints" bucket
     * @param burst size of that bucket
     */
    public record Roles(@DefaultValue("150") @Min(1) int perMinute, @DefaultValue("10") @Min(1) int burst) {
    }

    /**
     * Adding and removing members' organization roles, one call per member and direction.
     *
     * @param perMinute sustained requests per minute of Auth0's "Write Org Member Roles" bucket
     * @param burst size of that bucket
     */
    public record MemberRoles(@DefaultValue("200") @Min(1) int perMinute, @DefaultValue("20") @Min(1) int burst) {
    }

    /**
     * Adding or removing organization members.
     *
     * @param perMinute sustained requests per minute of Auth0's member-writes bucket
     * @param burst size of Auth0's member-writes bucket
     */
    public record Writes(@DefaultValue("200") @Min(1) int perMinute, @DefaultValue("20") @Min(1) int burst) {
    }

    /**
     * Reading organization members.
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
     * Listing and creating organization invitations ({@code sync.invite.enabled}). Auth0 documents 20 / 200 per
     * minute each for reading and writing them on Enterprise and no bucket of their own on Essentials/Professional
     * ("all other endpoints", 10 / 150 per minute): the default is the smaller, for both together.
     *
     * @param perMinute sustained invitation requests per minute
     * @param burst at most this many invitation requests in flight until Auth0's headers tell the bucket's room
     */
    public record Invitations(@DefaultValue("150") @Min(1) int perMinute, @DefaultValue("10") @Min(1) int burst) {
    }

    /**
     * Reading users by id (the user search and {@code GET /users/{id}}), to find the unknown ids of a refused batch.
     *
     * @param perMinute sustained requests per minute of Auth0's "Read Users" bucket
     * @param burst size of Auth0's "Read Users" bucket
     */
    public record UserReads(@DefaultValue("500") @Min(1) int perMinute, @DefaultValue("40") @Min(1) int burst) {
    }

    /**
     * Every Management API call.
     *
     * @param perSecond tenant-wide requests per second (2 on a free tenant, 16 on enterprise production); 0 = off
     * @param burst size of the tenant-wide bucket: at most this many calls in flight at once; 0 = no cap
     */
    public record Tenant(@DefaultValue("0") @PositiveOrZero double perSecond, @DefaultValue("0") @PositiveOrZero int burst) {
    }

    /**
     * Looking organizations up by name ({@code organization_name} in the input), once per distinct name.
     *
     * @param perMinute sustained requests per minute of Auth0's "Read Organizations by Name" bucket
     *                  (100 on Essentials/Professional, 200 on Enterprise)
     * @param burst size of that bucket (10 on Essentials/Professional, 20 on Enterprise)
     */
    public record OrganizationsByName(@DefaultValue("100") @Min(1) int perMinute,
            @DefaultValue("10") @Min(1) int burst) {
    }
}
