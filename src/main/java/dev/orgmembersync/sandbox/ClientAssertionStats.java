package dev.orgmembersync.sandbox;

/**
 * Private Key JWT client assertions seen by the token endpoint.
 *
 * @param accepted  assertions that authenticated their client
 * @param refused   assertions answered {@code 401 invalid_client}
 * @param reusedJti of the refused, those whose {@code jti} had been used before
 */
public record ClientAssertionStats(long accepted, long refused, long reusedJti) {
}
