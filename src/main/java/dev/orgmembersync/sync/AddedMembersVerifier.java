package dev.orgmembersync.sync;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.MemberPager;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.RowStatus;
import dev.orgmembersync.ledger.UnlistedMembers;

/**
 * Pages each organization that received adds (or, in mirror mode, removals) and confirms every accepted row as
 * ADDED (and every removed member as REMOVED, see {@link RemovedMembersVerifier}): one listing serves both. Auth0
 * documents the member listing as eventually consistent, so ids not visible yet (or still visible) are looked for
 * again after a bounded, growing wait before they are called MISSING (REMOVAL_UNCONFIRMED).
 * <p>
 * A restart lists only the organizations not finished: the organizations to verify are those with rows still
 * SENT (or members still REMOVAL_SENT), and each page's rows move to ADDED in their own commit (the callers run {@link #verify} on worker
 * threads, outside the step's transaction), so an organization fully confirmed before a kill has none left.
 */
public class AddedMembersVerifier {

    private static final Logger log = LoggerFactory.getLogger(AddedMembersVerifier.class);

    private final Ledger ledger;
    private final MemberPager pager;
    private final int rechecks;
    private final Duration recheckDelay;
    private final RemovedMembersVerifier removals;
    private final UnlistedMembers unlisted;

    public AddedMembersVerifier(Ledger ledger, UnlistedMembers unlisted, MemberPager pager, int rechecks,
            Duration recheckDelay, RemovedMembersVerifier removals) {
        this.removals = removals;
        this.unlisted = unlisted;
        this.ledger = ledger;
        this.pager = pager;
        this.rechecks = rechecks;
        this.recheckDelay = recheckDelay;
    }

    /** The organizations this step must check, for the caller to spread over threads. */
    public List<String> organizationsToVerify(long runId) {
        Set<String> organizations = new TreeSet<>(ledger.organizationsWith(runId, RowStatus.SENT));
        organizations.addAll(removals.organizationsToVerify(runId));
        return List.copyOf(organizations);
    }

    public void verify(long runId, String organizationId) {
        Duration waited = Duration.ZERO;
        for (int check = 0; check <= rechecks; check++) {
            Set<String> removed = removals.unconfirmed(runId, organizationId);
            if (check > 0) {
                Duration delay = recheckDelay.multipliedBy(1L << (check - 1));
                log.info("{}: {} added members not listed yet, {} removed members still listed; checking again in {} s",
                        organizationId, ledger.count(runId, organizationId, RowStatus.SENT), removed.size(),
                        delay.toSeconds());
                sleep(delay);
                waited = waited.plus(delay);
            }
            Set<String> stillListed = new HashSet<>();
            boolean exists = pager.forEachPage(organizationId, page -> {
                ledger.markMembers(runId, organizationId, page, RowStatus.SENT, RowStatus.ADDED,
                        "added; Auth0 lists the user as a member");
                unlisted.recordUnlisted(runId, organizationId, page);
                page.stream().filter(removed::contains).forEach(stillListed::add);
            });
            removed.removeAll(stillListed);
            removals.confirm(runId, organizationId, removed, exists);
            if (ledger.count(runId, organizationId, RowStatus.SENT) == 0 && stillListed.isEmpty()) {
                return;
            }
        }
        removals.giveUp(runId, organizationId, rechecks + 1, waited);
        int missing = ledger.markOrganization(runId, organizationId, RowStatus.SENT, RowStatus.MISSING,
                "Auth0 accepted the add (HTTP 204) but did not list the user after " + (rechecks + 1) + " checks over "
                        + waited.toSeconds() + " s; run again to retry");
        if (missing > 0) {
            log.warn("{}: {} added members are still not listed by Auth0", organizationId, missing);
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to verify", ex);
        }
    }
}
