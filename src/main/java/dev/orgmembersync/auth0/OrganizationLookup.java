package dev.orgmembersync.auth0;

/** What Auth0 said to {@code GET /organizations/name/{name}}. */
public sealed interface OrganizationLookup {

    /** 200: the organization's id. */
    record Found(String id) implements OrganizationLookup {
    }

    /** 404, or a 400 refusing the name: no organization by that name; {@code reason} is Auth0's answer. */
    record Unknown(String reason) implements OrganizationLookup {
    }
}
