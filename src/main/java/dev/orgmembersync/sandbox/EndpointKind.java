package dev.orgmembersync.sandbox;

/** The emulated endpoints, with the scope each one requires (none for the token endpoint). */
enum EndpointKind {
    TOKEN("token", null),
    MEMBERS_GET("members_get", "read:organization_members"),
    MEMBERS_POST("members_post", "create:organization_members"),
    ORG_BY_NAME("org_by_name", "read:organizations"),
    USERS_BY_EMAIL("users_by_email", "read:users"),
    EXPORT_POST("users_export_post", "read:users"),
    JOB_GET("job_get", "read:users"),
    USERS_SEARCH("users_search", "read:users"),
    USER_GET("user_get", "read:users");

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
