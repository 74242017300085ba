package dev.orgmembersync.csv;

/**
 * One record of the input, fields trimmed, as the file had it.
 *
 * @param line physical line number where the record starts (the header is line 1)
 * @param organizationId the {@code organization_id} column, or null when the file has none
 * @param organizationName the {@code organization_name} column, or null when the file has none
 * @param userId the {@code user_id} column
 * @param malformed why the record's shape is wrong (field count, unterminated quote), or null
 */
public record MembershipRow(long line, String organizationId, String organizationName, String userId, String malformed) {
}
