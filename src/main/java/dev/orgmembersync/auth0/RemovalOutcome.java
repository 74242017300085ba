package dev.orgmembersync.auth0;

/** What Auth0 said to one DELETE of organization members. */
public sealed interface RemovalOutcome {

    /** 2xx (Auth0 answers 204, also for ids that are not members): the removal is under way. */
    record Removed() implements RemovalOutcome {
    }

    /** Refused (4xx other than 401/403, which stop the run) or 5xx/429 after every allowed attempt; {@code reason} quotes Auth0. */
    record Failed(String reason) implements RemovalOutcome {
    }
}
