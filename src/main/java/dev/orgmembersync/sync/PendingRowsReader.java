package dev.orgmembersync.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.PendingRow;

import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * The ledger's PENDING rows, organization by organization, in pages keyed on (organization, user, line).
 * Spring Batch's JdbcPagingItemReader expresses a multi-column key as OR conditions, which H2 cannot turn
 * into an index start key, so each page rescanned every row before it. The organizations come from
 * {@code organizations} as they become ready (see {@link OrganizationFlow}); each is read once. Keeps no position: a
 * restart reads the rows still PENDING. Rows whose user Auth0 rejected in the previous run come flagged (see
 * {@link PendingRow}).
 */
class PendingRowsReader implements ItemStreamReader<PendingRow> {

    private static final int PAGE_SIZE = 1000;

    private final Ledger ledger;
    private final long runId;
    private final long previousRunId;
    private final Organizations organizations;
    private final List<String> finished = new ArrayList<>();
    private String organizationId;
    private Iterator<PendingRow> page = Collections.emptyIterator();
    private PendingRow last;
    private boolean waitForOrganizations = true;
    private boolean exhausted;

    /** Where the organizations come from: the next ready one, null when none is (after waiting, if asked to). */
    interface Organizations {
        String next(boolean wait);
    }

    /** {@code previousRunId}: the input's previous run, whose table must exist; 0 when there is none. */
    PendingRowsReader(Ledger ledger, long runId, long previousRunId, Organizations organizations) {
        this.ledger = ledger;
        this.runId = runId;
        this.previousRunId = previousRunId;
        this.organizations = organizations;
    }

    /** Whether {@link #read} may wait for the next organization (true) or returns null when none is ready yet. */
    void waitForOrganizations(boolean wait) {
        waitForOrganizations = wait;
    }

    /** Whether every organization has been read: the source has none left. */
    boolean exhausted() {
        return exhausted;
    }

    /** The organizations whose rows have all been read since the last call. */
    List<String> takeFinished() {
        List<String> done = List.copyOf(finished);
        finished.clear();
        return done;
    }

    @Override
    public PendingRow read() {
        while (!page.hasNext()) {
            if (exhausted || !nextPage()) {
                return null;
            }
        }
        last = page.next();
        return last;
    }

    private boolean nextPage() {
        if (organizationId != null) {
            List<PendingRow> rows = last == null ? List.of() : ledger.pendingRows(runId, previousRunId,
                    organizationId, last.userId(), last.line(), PAGE_SIZE);
            if (!rows.isEmpty()) {
                page = rows.iterator();
                return true;
            }
            finished.add(organizationId);
            organizationId = null;
        }
        String next = organizations.next(waitForOrganizations);
        if (next == null) {
            exhausted = waitForOrganizations;
            return false;
        }
        organizationId = next;
        // "" sorts before every user id and 0 before every line: the organization's first page
        List<PendingRow> rows = ledger.pendingRows(runId, previousRunId, organizationId, "", 0, PAGE_SIZE);
        last = null;
        page = rows.iterator();
        return true;
    }
}
