package dev.orgmembersync.ledger;

/** One row of the ledger; {@code line} is the input's physical line number. */
public record LedgerEntry(long line, String organizationId, String organizationName, String userId, RowStatus status,
        String detail) {
}
