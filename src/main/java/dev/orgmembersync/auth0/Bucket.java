package dev.orgmembersync.auth0;

/** Auth0's rate-limit buckets that our calls draw from (each also counts against the tenant-wide one). */
public enum Bucket {
    /** POST/DELETE organization members. */
    MEMBER_WRITES,
    /** GET organization members. */
    MEMBER_READS,
    /** GET an organization by its name ("Read Organizations by Name"): a bucket of its own at Auth0. */
    ORGANIZATIONS_BY_NAME,
    /** Users by email and user export jobs: Auth0 lists no bucket of their own ("all other endpoints"). */
    USERS,
    /**
     * List and create organization invitations: Enterprise lists 20 / 200 per minute for reads and for writes,
     * Essentials/Professional none ("all other endpoints", 10 / 150 per minute); one lane for both, the smaller.
     */
    INVITATIONS,
    /**
     * The user search ({@code GET /api/v2/users?q=}) and {@code GET /api/v2/users/{id}}: Auth0's "Read Users"
     * bucket (500/min, burst 40 on Essentials/Professional), used to find which ids of a refused batch do not exist.
     */
    USER_READS,
    /** Roles by name ({@code GET /api/v2/roles?name_filter=}): Auth0 lists no bucket of their own ("all other endpoints"). */
    ROLES,
    /** Adding and removing a member's organization roles: Auth0's "Write Org Member Roles" bucket (200/min, burst 20). */
    MEMBER_ROLES;

    /** "member-writes", "organizations-by-name", ...: the bucket's name in logs and metrics. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
