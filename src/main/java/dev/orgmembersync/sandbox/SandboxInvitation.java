package dev.orgmembersync.sandbox;

import java.time.Instant;

/**
 * One organization invitation held by the sandbox tenant; {@code createdAt} orders the listing (newest first).
 *
 * @param sendEmail what the request's {@code send_invitation_email} asked (default true)
 */
public record SandboxInvitation(String id, String organizationId, String clientId, String inviterName, String email,
        String connectionId, Instant createdAt, Instant expiresAt, boolean sendEmail) {
}
