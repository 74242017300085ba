package dev.orgmembersync.report;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.MemberPager;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.RowStatus;

/**
 * Pages each organization that received adds and confirms every accepted row as ADDED. Auth0 documents the
 * member listing as eventually consistent, so ids not visible yet are looked for again after a bounded,
 * growing wait before they are called MISSING.
 * <p>
 * A restart lists only the organizations not finished: the organizations to verify are those with rows still
 * SENT, and each page's rows move to ADDED in their own commit (the callers run {@link #verify} on worker
 * threads, outside the step's transaction), so an organization fully confirmed before a kill has none left.
 */
public class AddedMembersVerifier {

    private static final Logger log = LoggerFactory.getLogger(AddedMembersVerifier.class);

    private final Ledger ledger;
    private final MemberPager pager;
    private final int rechecks;
    private final Duration recheckDelay;

    public AddedMembersVerifier(Ledger ledger, MemberPager pager, int rechecks, Duration recheckDelay) {
        this.ledger = ledger;
        this.pager = pager;
        this.rechecks = rechecks;
        this.recheckDelay = recheckDelay;
    }

    /** The organizations this step must check, for the caller to spread over threads. */
    public List<String> organizationsToVerify(long runId) {
        return ledger.organizationsWith(runId, RowStatus.SENT);
    }

    public void verify(long runId, String organizationId) {
        Duration waited = Duration.ZERO;
        for (int check = 0; check <= rechecks; check++) {
            if (check > 0) {
                Duration delay = recheckDelay.multipliedBy(1L << (check - 1));
                log.info("{}: {} added members not listed yet; checking again in {} s", organizationId,
                        ledger.count(runId, organizationId, RowStatus.SENT), delay.toSeconds());
                sleep(delay);
                waited = waited.plus(delay);
            }
            pager.forEachPage(organizationId, page -> {
                ledger.markMembers(runId, organizationId, page, RowStatus.SENT, RowStatus.ADDED,
                        "added; Auth0 lists the user as a member");
                ledger.recordUnlisted(runId, organizationId, page);
            });
            if (ledger.count(runId, organizationId, RowStatus.SENT) == 0) {
                return;
            }
        }
        int missing = ledger.markOrganization(runId, organizationId, RowStatus.SENT, RowStatus.MISSING,
                "Auth0 accepted the add (HTTP 204) but did not list the user after " + (rechecks + 1) + " checks over "
                        + waited.toSeconds() + " s; run again to retry");
        log.warn("{}: {} added members are still not listed by Auth0", organizationId, missing);
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
