package dev.orgmembersync.sync;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.Invitation;
import dev.orgmembersync.auth0.InvitationsPage;
import dev.orgmembersync.auth0.InvitationApi;

/**
 * An organization's invitations that can still be accepted, by lower-cased email, read page by page. Auth0 pages
 * through the first 1,000 invitations only: {@link #capped()} says the listing may be missing some.
 */
final class InvitationListing {

    private static final Logger log = LoggerFactory.getLogger(InvitationListing.class);

    /** "You can only page through the first 1000 records" (Auth0's offset paging; invitations have no checkpoint). */
    static final int CAP = 1000;

    private final Map<String, Invitation> valid;
    private final boolean capped;

    private InvitationListing(Map<String, Invitation> valid, boolean capped) {
        this.valid = valid;
        this.capped = capped;
    }

    /** The listing, or null when Auth0 has no such organization. */
    static InvitationListing of(InvitationApi api, String organizationId, Instant now) {
        Map<String, Invitation> valid = new HashMap<>();
        boolean capped = false;
        for (int page = 0;; page++) {
            if (page * InvitationApi.INVITATIONS_PER_PAGE >= CAP) {
                capped = true;
                break;
            }
            Optional<InvitationsPage> answer = api.invitationsPage(organizationId, page);
            if (answer.isEmpty()) {
                return null;
            }
            InvitationsPage listed = answer.get();
            if (listed.beyondCap()) {
                capped = true;
                break;
            }
            for (Invitation invitation : listed.invitations()) {
                if (invitation.isValidAt(now)) {
                    // several valid ones for an email: the one that lasts longest
                    valid.merge(invitation.email().toLowerCase(Locale.ROOT), invitation, InvitationListing::longerLasting);
                }
            }
            if (listed.invitations().size() < InvitationApi.INVITATIONS_PER_PAGE) {
                break;
            }
        }
        if (capped) {
            log.warn("Organization {} has {} or more invitations and Auth0 lists only the first {}: an email invited"
                    + " beyond them is not seen here (invitations this job created are still never sent twice)",
                    organizationId, CAP, CAP);
        }
        return new InvitationListing(valid, capped);
    }

    private static Invitation longerLasting(Invitation a, Invitation b) {
        return a.expiresAt() == null || b.expiresAt() != null && a.expiresAt().isAfter(b.expiresAt()) ? a : b;
    }

    /** The valid invitation for this lower-cased email, or null. */
    Invitation valid(String email) {
        return valid.get(email);
    }

    boolean capped() {
        return capped;
    }
}
