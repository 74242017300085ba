package dev.orgmembersync.auth0;

/** What Auth0 answered to adding or removing a member's organization roles. */
public sealed interface RoleChange {

    /** 204: done (Auth0 answers the same when the member already had, or did not have, the roles). */
    record Done() implements RoleChange {
    }

    /**
     * Auth0 refused it for this member (409: 50 roles at most; 400/404: an unknown role or member), or kept failing.
     *
     * @param reason Auth0's answer in words
     */
    record Refused(String reason) implements RoleChange {
    }
}
