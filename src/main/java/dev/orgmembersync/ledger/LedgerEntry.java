package dev.orgmembersync.ledger;

/**
 * One row of the ledger; {@code line} is the input's physical line number. {@code email} is as the input wrote it
 * (compared lower-cased); {@code roles} is carried into the report as the input had it.
 */
public record LedgerEntry(long line, String organizationId, String organizationName, String userId, RowStatus status,
        String detail, String email, String roles) {

    /** A row that names its user by id only. */
    public LedgerEntry(long line, String organizationId, String organizationName, String userId, RowStatus status,
            String detail) {
        this(line, organizationId, organizationName, userId, status, detail, null, null);
    }
}
