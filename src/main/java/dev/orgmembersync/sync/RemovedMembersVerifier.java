package dev.orgmembersync.sync;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.ledger.RowStatus;
import dev.orgmembersync.ledger.UnlistedMembers;
import dev.orgmembersync.ledger.UnlistedMembers.Member;

/**
 * Mirror mode's part of verification, run by {@link AddedMembersVerifier} on the same listings as the adds': a
 * removed member is REMOVED once Auth0 no longer lists it. Auth0 says a removal takes about 5 to 10 seconds to
 * show, so members still listed are looked for again with the adds' bounded rechecks before they are called
 * REMOVAL_UNCONFIRMED. The members to confirm are those still REMOVAL_SENT, each confirmation its own commit, so a
 * restart checks only what is left.
 */
public class RemovedMembersVerifier {

    private static final Logger log = LoggerFactory.getLogger(RemovedMembersVerifier.class);

    private final UnlistedMembers unlisted;

    public RemovedMembersVerifier(UnlistedMembers unlisted) {
        this.unlisted = unlisted;
    }

    /** Organizations with removals to confirm. */
    List<String> organizationsToVerify(long runId) {
        return unlisted.organizationsWith(runId, RowStatus.REMOVAL_SENT);
    }

    /** The removed members of the organization not confirmed yet: a listing takes out those it still shows. */
    Set<String> unconfirmed(long runId, String organizationId) {
        Set<String> sent = new HashSet<>();
        unlisted.members(runId, organizationId, RowStatus.REMOVAL_SENT).stream().map(Member::userId).forEach(sent::add);
        return sent;
    }

    /** Records as REMOVED the members a whole listing no longer showed ({@code exists} false: nor the organization). */
    void confirm(long runId, String organizationId, Set<String> gone, boolean exists) {
        unlisted.mark(runId, organizationId, gone, RowStatus.REMOVAL_SENT, RowStatus.REMOVED, exists
                ? "removed; Auth0 no longer lists the user as a member"
                : "removed; Auth0 no longer has the organization");
    }

    void giveUp(long runId, String organizationId, int checks, Duration waited) {
        int unconfirmed = unlisted.markOrganization(runId, organizationId, RowStatus.REMOVAL_SENT,
                RowStatus.REMOVAL_UNCONFIRMED, "Auth0 accepted the removal (HTTP 204) but still listed the user after "
                        + checks + " checks over " + waited.toSeconds() + " s; run again to retry");
        if (unconfirmed > 0) {
            log.warn("{}: {} removed members are still listed by Auth0", organizationId, unconfirmed);
        }
    }
}
