package dev.orgmembersync.sandbox;

/** The emulated endpoints, with the scope each one requires (none for the token endpoint). */
enum EndpointKind {
    TOKEN("token", null),
    MEMBERS_GET("members_get", "read:organization_members"),
    MEMBERS_POST("members_post", "create:organization_members"),
    MEMBERS_DELETE("members_delete", "delete:organization_members"),
    USER_GET("user_get", "read:users"),
    ORG_BY_NAME("org_by_name", "read:organizations"),
    USERS_BY_EMAIL("users_by_email", "read:users"),
    EXPORT_POST("users_export_post", "read:users"),
    JOB_GET("job_get", "read:users"),
    INVITATIONS_GET("invitations_get", "read:organization_invitations"),
    INVITATIONS_POST("invitations_post", "create:organization_invitations"),
    USERS_SEARCH("users_search", "read:users"),
    ROLES_GET("roles_get", "read:roles"),
    MEMBER_ROLES_POST("member_roles_post", "create:organization_member_roles"),
    MEMBER_ROLES_DELETE("member_roles_delete", "delete:organization_member_roles");

    private final String statsName;
    private final String requiredScope;

    EndpointKind(String statsName, String requiredScope) {
        this.statsName = statsName;
        this.requiredScope = requiredScope;
    }

    String statsName() {
        return statsName;
    }

    String requiredScope() {
        return requiredScope;
    }
}
