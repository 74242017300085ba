package dev.orgmembersync.auth0;

/**
 * One Auth0 account as the users-by-email answer or a user export lists it.
 *
 * @param userId the account's {@code user_id}
 * @param email its email as Auth0 stores it (database users lower-case, others as the identity provider sent it)
 * @param connection the connection of its first identity, or null when Auth0 did not say
 */
public record UserAccount(String userId, String email, String connection) {
}
