package dev.orgmembersync.auth0;

import java.time.Instant;

/**
 * An organization invitation as Auth0 lists or creates it.
 *
 * @param id Auth0's id ({@code uinv_...})
 * @param email the invitee's email as Auth0 holds it
 * @param expiresAt when the invitation stops working; null if Auth0 did not say
 */
public record Invitation(String id, String email, Instant expiresAt) {

    /** Whether it can still be accepted at {@code now} (one without an expiry counts as valid). */
    public boolean isValidAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }
}
