package dev.orgmembersync.auth0;

/** What became of one invitation request. */
public sealed interface InvitationOutcome {

    /** Auth0 created it (201, or the 200 its documentation names). */
    record Created(Invitation invitation) implements InvitationOutcome {
    }

    /** Auth0 refused it (a 4xx): nothing was created. */
    record Refused(int status, String reason) implements InvitationOutcome {
    }

    /** No clear answer (5xx, 408, a network fault): the invitation may or may not exist now. */
    record Unclear(String reason) implements InvitationOutcome {
    }
}
