package dev.orgmembersync.report;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.MemberPager;
import dev.orgmembersync.ledger.RowStatus;
import dev.orgmembersync.ledger.UnlistedMembers;
import dev.orgmembersync.ledger.UnlistedMembers.Member;

/**
 * Pages each organization that had members removed and confirms each as REMOVED once Auth0 no longer lists it.
 * Auth0 says a removal takes about 5 to 10 seconds to show, so members still listed are looked for again after a
 * bounded, growing wait (the adds' rechecks) before they are called REMOVAL_UNCONFIRMED. The members to confirm
 * are those still REMOVAL_SENT, each confirmation its own commit, so a restart checks only what is left.
 */
public class RemovedMembersVerifier {

    private static final Logger log = LoggerFactory.getLogger(RemovedMembersVerifier.class);

    private final UnlistedMembers unlisted;
    private final MemberPager pager;
    private final int rechecks;
    private final Duration recheckDelay;

    public RemovedMembersVerifier(UnlistedMembers unlisted, MemberPager pager, int rechecks, Duration recheckDelay) {
        this.unlisted = unlisted;
        this.pager = pager;
        this.rechecks = rechecks;
        this.recheckDelay = recheckDelay;
    }

    public List<String> organizationsToVerify(long runId) {
        return unlisted.organizationsWith(runId, RowStatus.REMOVAL_SENT);
    }

    public void verify(long runId, String organizationId) {
        Duration waited = Duration.ZERO;
        for (int check = 0; check <= rechecks; check++) {
            Set<String> sent = new HashSet<>();
            unlisted.members(runId, organizationId, RowStatus.REMOVAL_SENT).stream().map(Member::userId).forEach(sent::add);
            if (sent.isEmpty()) {
                return;
            }
            if (check > 0) {
                Duration delay = recheckDelay.multipliedBy(1L << (check - 1));
                log.info("{}: {} removed members still listed; checking again in {} s", organizationId, sent.size(),
                        delay.toSeconds());
                sleep(delay);
                waited = waited.plus(delay);
            }
            Set<String> gone = new HashSet<>(sent);
            boolean exists = pager.forEachPage(organizationId, page -> page.forEach(gone::remove));
            unlisted.mark(runId, organizationId, gone, RowStatus.REMOVAL_SENT, RowStatus.REMOVED, exists
                    ? "removed; Auth0 no longer lists the user as a member"
                    : "removed; Auth0 no longer has the organization");
            if (gone.size() == sent.size()) {
                return;
            }
        }
        int unconfirmed = unlisted.markOrganization(runId, organizationId, RowStatus.REMOVAL_SENT,
                RowStatus.REMOVAL_UNCONFIRMED, "Auth0 accepted the removal (HTTP 204) but still listed the user after "
                        + (rechecks + 1) + " checks over " + waited.toSeconds() + " s; run again to retry");
        log.warn("{}: {} removed members are still listed by Auth0", organizationId, unconfirmed);
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to verify removals", ex);
        }
    }
}
