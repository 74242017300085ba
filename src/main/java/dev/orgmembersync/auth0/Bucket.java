package dev.orgmembersync.auth0;

/** Auth0's rate-limit buckets that our calls draw from (each also counts against the tenant-wide one). */
public enum Bucket {
    /** POST/DELETE organization members. */
    MEMBER_WRITES,
    /** GET organization members. */
    MEMBER_READS,
    /** GET an organization by its name ("Read Organizations by Name"): a bucket of its own at Auth0. */
    ORGANIZATIONS_BY_NAME
}
