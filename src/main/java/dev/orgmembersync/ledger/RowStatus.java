package dev.orgmembersync.ledger;

/**
 * Where a row stands. PENDING and SENT are working states inside a run; the others are the report's
 * contract (the values users' scripts read in reconciliation.csv).
 */
public enum RowStatus {
    /** Valid, not yet known to be a member. */
    PENDING,
    /** Auth0 accepted the add (204); waiting for the listing to confirm it. */
    SENT,
    ADDED,
    ALREADY_MEMBER,
    WOULD_ADD,
    INVALID,
    DUPLICATE,
    UNKNOWN_ORGANIZATION,
    UNKNOWN_USER,
    /** Several Auth0 accounts have the row's email and {@code sync.users.connection} did not pick one. */
    AMBIGUOUS_USER,
    /** No account has the row's email; an invitation to the organization was created (detail: its id). */
    INVITED,
    /** No account has the row's email; Auth0 already holds an unexpired invitation for it (detail: id, expiry). */
    ALREADY_INVITED,
    /** Dry run: no account has the row's email, and a real run would invite it. */
    WOULD_INVITE,
    FAILED,
    MISSING,
    UNLISTED_MEMBER;

    /** Rows in these states make the run end with exit code 2. */
    public boolean isRejection() {
        return this == INVALID || this == UNKNOWN_ORGANIZATION || this == UNKNOWN_USER || this == AMBIGUOUS_USER
                || this == FAILED
                || this == MISSING;
    }
}
