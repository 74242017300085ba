package dev.orgmembersync.ledger;

/**
 * A row still to send; {@code rejectedBefore}: Auth0 rejected this user for this organization (UNKNOWN_USER)
 * in the previous run of the same input, so it goes alone rather than spoiling a batch of ten.
 */
public record PendingRow(long line, String organizationId, String userId, boolean rejectedBefore) {
}
