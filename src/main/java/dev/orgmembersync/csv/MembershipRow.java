package dev.orgmembersync.csv;

/**
 * One record of the input, fields trimmed, as the file had it.
 *
 * @param line physical line number where the record starts (the header is line 1)
 * @param organizationId the {@code organization_id} column, or null when the file has none
 * @param organizationName the {@code organization_name} column, or null when the file has none
 * @param userId the {@code user_id} column, or null when the file has none
 * @param email the {@code email} column as written, or null when the file has none
 * @param roles the {@code roles} column, or null when the file has none (kept for the report only)
 * @param malformed why the record's shape is wrong (field count, unterminated quote), or null
 */
public record MembershipRow(long line, String organizationId, String organizationName, String userId, String email,
        String roles, String malformed) {

    /** A row of a file without {@code email} and {@code roles} columns. */
    public MembershipRow(long line, String organizationId, String organizationName, String userId, String malformed) {
        this(line, organizationId, organizationName, userId, null, null, malformed);
    }

    /** Whether the row names its user by id; a row with both an id and an email uses the id. */
    public boolean hasUserId() {
        return userId != null && !userId.isEmpty();
    }
}
