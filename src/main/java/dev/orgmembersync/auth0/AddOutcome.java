package dev.orgmembersync.auth0;

/** What Auth0 said to one POST of organization members. */
public sealed interface AddOutcome {

    /** 204: every id in the call is now a member. */
    record Added() implements AddOutcome {
    }

    /** 400 {@code invalid_body} or 404 {@code inexistent_user}: at least one id in the call is bad. */
    record RejectedIds(String reason) implements AddOutcome {
    }

    /** 404 for the organization itself. */
    record UnknownOrganization(String reason) implements AddOutcome {
    }

    /** Any other refusal, or 5xx/429 after every allowed attempt: nothing is known to be applied. */
    record Failed(String reason) implements AddOutcome {
    }
}
