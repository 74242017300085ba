package dev.orgmembersync.sandbox;

/** The emulated endpoints, with the scope each one requires (none for the token endpoint). */
enum EndpointKind {
    TOKEN("token", null),
    MEMBERS_GET("members_get", "read:organization_members"),
    MEMBERS_POST("members_post", "create:organization_members"),
    ORG_BY_NAME("org_by_name", "read:organizations");

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
