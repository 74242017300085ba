package dev.orgmembersync.auth0;

import java.util.List;

/** What Auth0 said to one POST of organization members. */
public sealed interface AddOutcome {

    /** 204: every id in the call is now a member. */
    record Added() implements AddOutcome {
    }

    /**
     * Auth0 says users of the call do not exist (400 {@code invalid_body} about users not existing, or
     * {@code inexistent_user}). Auth0 does not document this answer, nor whether the other ids were applied.
     *
     * @param named  the ids of this call that Auth0's message names; empty when it names none, so which ids
     *               are bad is not known
     * @param reason Auth0's status, code and message
     */
    record UnknownUsers(List<String> named, String reason) implements AddOutcome {

        public UnknownUsers {
            named = List.copyOf(named);
        }
    }

    /** 404 for the organization itself. */
    record UnknownOrganization(String reason) implements AddOutcome {
    }

    /**
     * Any other 4xx ({@code invalid_query_string}, {@code operation_not_supported}, a malformed body...): Auth0
     * refused the call as a whole for a reason that names no user, so splitting it would not help.
     */
    record Refused(String reason) implements AddOutcome {
    }

    /** 5xx/429 after every allowed attempt, or an answer no other outcome fits: nothing is known to be applied. */
    record Failed(String reason) implements AddOutcome {
    }
}
