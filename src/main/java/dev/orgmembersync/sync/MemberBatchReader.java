package dev.orgmembersync.sync;

import java.util.ArrayList;
import java.util.List;

import dev.orgmembersync.auth0.ManagementApi;
import dev.orgmembersync.ledger.LedgerEntry;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.support.SingleItemPeekableItemReader;

/**
 * Groups pending ledger rows (read in organization order) into batches of at most ten ids of one
 * organization, so each POST is as full as the input allows.
 */
class MemberBatchReader implements ItemStreamReader<MemberBatch> {

    private final SingleItemPeekableItemReader<LedgerEntry> rows;

    MemberBatchReader(ItemStreamReader<LedgerEntry> pendingRows) {
        rows = new SingleItemPeekableItemReader<>(pendingRows);
    }

    @Override
    public MemberBatch read() throws Exception {
        LedgerEntry first = rows.read();
        if (first == null) {
            return null;
        }
        List<Long> lines = new ArrayList<>(List.of(first.line()));
        List<String> ids = new ArrayList<>(List.of(first.userId()));
        LedgerEntry next;
        while (ids.size() < ManagementApi.MAX_MEMBERS_PER_ADD && (next = rows.peek()) != null
                && next.organizationId().equals(first.organizationId())) {
            rows.read();
            lines.add(next.line());
            ids.add(next.userId());
        }
        return new MemberBatch(first.organizationId(), lines, ids);
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
