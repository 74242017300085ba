package dev.orgmembersync.sync;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.PendingRow;

import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * The ledger's PENDING rows, organization by organization, in pages keyed on (organization, user, line).
 * Spring Batch's JdbcPagingItemReader expresses a multi-column key as OR conditions, which H2 cannot turn
 * into an index start key, so each page rescanned every row before it. Keeps no position: a restart reads
 * the rows still PENDING. Rows whose user Auth0 rejected in the previous run come flagged (see {@link PendingRow}).
 */
class PendingRowsReader implements ItemStreamReader<PendingRow> {

    private static final int PAGE_SIZE = 1000;

    private final Ledger ledger;
    private final long runId;
    private final long previousRunId;
    private String organizationId;
    private Iterator<PendingRow> page = Collections.emptyIterator();
    private PendingRow last;
    private boolean exhausted;

    /** {@code previousRunId}: the input's previous run, whose table must exist; 0 when there is none. */
    PendingRowsReader(Ledger ledger, long runId, long previousRunId) {
        this.ledger = ledger;
        this.runId = runId;
        this.previousRunId = previousRunId;
    }

    @Override
    public PendingRow read() {
        while (!page.hasNext()) {
            if (exhausted || !nextPage()) {
                // stays at the end: the rows of this step's last chunk are still PENDING until it is written
                exhausted = true;
                return null;
            }
        }
        last = page.next();
        return last;
    }

    private boolean nextPage() {
        if (last != null) {
            List<PendingRow> rows = ledger.pendingRows(runId, previousRunId, organizationId, last.userId(), last.line(),
                    PAGE_SIZE);
            if (!rows.isEmpty()) {
                page = rows.iterator();
                return true;
            }
        }
        organizationId = ledger.nextPendingOrganization(runId, organizationId);
        if (organizationId == null) {
            return false;
        }
        // "" sorts before every user id and 0 before every line: the organization's first page
        List<PendingRow> rows = ledger.pendingRows(runId, previousRunId, organizationId, "", 0, PAGE_SIZE);
        last = null;
        page = rows.iterator();
        return true;
    }
}
