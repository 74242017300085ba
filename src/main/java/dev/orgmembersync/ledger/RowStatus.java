package dev.orgmembersync.ledger;

/**
 * Where a row stands (or, from UNLISTED_MEMBER on, a member found only in Auth0). PENDING, SENT, REMOVAL_PENDING and
 * REMOVAL_SENT are working states inside a run; the others are the report's contract (the values users' scripts read
 * in reconciliation.csv).
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
    UNLISTED_MEMBER,
    /** Mirror mode: a member to remove, not sent yet (working state). */
    REMOVAL_PENDING,
    /** Mirror mode: Auth0 accepted the removal (204); waiting for the listing to confirm it (working state). */
    REMOVAL_SENT,
    /** Mirror mode: removed, and no longer listed by Auth0. */
    REMOVED,
    /** Mirror mode: a removal the guard rails stopped; {@code detail} has the numbers. */
    REMOVAL_HELD,
    /** Mirror mode: not removed because {@code sync.mirror.keep} or an unresolved input row protects it. */
    KEPT,
    /** Mirror mode, dry run: would be removed. */
    WOULD_REMOVE,
    /** Mirror mode: Auth0 accepted the removal but still listed the member after the rechecks. */
    REMOVAL_UNCONFIRMED;

    /** The status as an SQL literal, for a statement that cannot bind it: renaming a constant renames its SQL. */
    public String quoted() {
        return "'" + name() + "'";
    }

    /** {@code ('A', 'B')}: an SQL list of statuses, for {@code status IN} in a statement that cannot bind them. */
    public static String inList(RowStatus... statuses) {
        return java.util.Arrays.stream(statuses).map(RowStatus::quoted)
                .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }

    /** Rows in these states make the run end with exit code 2. */
    public boolean isRejection() {
        return this == INVALID || this == UNKNOWN_ORGANIZATION || this == UNKNOWN_USER || this == AMBIGUOUS_USER
                || this == FAILED
                || this == MISSING
                || this == REMOVAL_HELD
                || this == REMOVAL_UNCONFIRMED;
    }
}
