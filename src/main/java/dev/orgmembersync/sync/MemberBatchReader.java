package dev.orgmembersync.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.orgmembersync.auth0.ManagementApi;
import dev.orgmembersync.ledger.PendingRow;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Groups pending ledger rows (read in organization order) into batches of at most ten ids of one
 * organization, so each POST is as full as the input allows. A row whose user Auth0 rejected in the
 * previous run goes in a batch of its own: mixed into a batch of ten it would make Auth0 refuse the nine
 * good ids too and the batch be split down to it (up to seven calls instead of two), every night.
 */
class MemberBatchReader implements ItemStreamReader<MemberBatch> {

    private final ItemStreamReader<PendingRow> rows;
    /** Read ahead: the first row of the next organization. */
    private PendingRow nextFirst;
    /** Rows rejected before, met while filling a batch; each is sent alone next. */
    private final Deque<PendingRow> alone = new ArrayDeque<>();

    MemberBatchReader(ItemStreamReader<PendingRow> pendingRows) {
        rows = pendingRows;
    }

    @Override
    public MemberBatch read() throws Exception {
        if (!alone.isEmpty()) {
            return batchOf(List.of(alone.poll()));
        }
        PendingRow first = nextFirst != null ? nextFirst : rows.read();
        nextFirst = null;
        if (first == null) {
            return null;
        }
        if (first.rejectedBefore()) {
            return batchOf(List.of(first));
        }
        List<PendingRow> batch = new ArrayList<>(List.of(first));
        PendingRow next;
        // alone is bounded too: an organization with thousands of rejected ids is not held in memory at once
        while (batch.size() < ManagementApi.MAX_MEMBERS_PER_ADD && alone.size() < ManagementApi.MAX_MEMBERS_PER_ADD
                && (next = rows.read()) != null) {
            if (!next.organizationId().equals(first.organizationId())) {
                nextFirst = next;
                break;
            }
            if (next.rejectedBefore()) {
                alone.add(next);
            }
            else {
                batch.add(next);
            }
        }
        return batchOf(batch);
    }

    /** Whether rows of this organization are still held here, read from the ledger but in no batch yet. */
    boolean holds(String organizationId) {
        return nextFirst != null && nextFirst.organizationId().equals(organizationId)
                || alone.stream().anyMatch(row -> row.organizationId().equals(organizationId));
    }

    private static MemberBatch batchOf(List<PendingRow> rows) {
        return new MemberBatch(rows.get(0).organizationId(), rows.stream().map(PendingRow::line).toList(),
                rows.stream().map(PendingRow::userId).toList());
    }

    @Override
    public void open(ExecutionContext executionContext) {
        rows.open(executionContext);
    }

    @Override
    public void update(ExecutionContext executionContext) {
        rows.update(executionContext);
    }

    @Override
    public void close() {
        rows.close();
    }
}
