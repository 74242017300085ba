package dev.orgmembersync.auth0;

/**
 * The body of {@code POST /api/v2/organizations/{id}/invitations}.
 *
 * @param inviterName {@code inviter.name}: shown in the invitation email
 * @param email {@code invitee.email}
 * @param clientId {@code client_id}: the application the invitation link logs into
 * @param connectionId {@code connection_id}, or null to let the user pick
 * @param ttlSeconds {@code ttl_sec}: how long the invitation is valid (Auth0: at most 30 days)
 * @param sendEmail {@code send_invitation_email}: false leaves sending the link to the tenant's owner
 */
public record InvitationRequest(String inviterName, String email, String clientId, String connectionId,
        long ttlSeconds, boolean sendEmail) {
}
