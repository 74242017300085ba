package dev.orgmembersync.auth0;

/**
 * A role as Auth0 lists it. {@code ownerId} is the organization that owns an organization role ({@code type}
 * "organization", early access since 2026-07); null for a tenant role, and for every role on tenants without them.
 */
public record Role(String id, String name, String type, String ownerId) {

    /** A role every organization may use: not owned by one organization. */
    public boolean isTenantRole() {
        return ownerId == null && !"organization".equals(type);
    }
}
