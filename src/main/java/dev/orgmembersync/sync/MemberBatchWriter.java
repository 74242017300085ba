package dev.orgmembersync.sync;

import java.util.List;

import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.RowStatus;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Sends a chunk of batches with several in flight (the rate limiters set the pace); in a dry run it only
 * marks the rows WOULD_ADD. Each batch's outcome is in the ledger before the chunk commits.
 */
class MemberBatchWriter implements ItemWriter<MemberBatch> {

    private final BatchSender sender;
    private final ParallelCalls parallel;
    private final Ledger ledger;
    private final long runId;
    private final boolean dryRun;

    MemberBatchWriter(BatchSender sender, ParallelCalls parallel, Ledger ledger, long runId, boolean dryRun) {
        this.sender = sender;
        this.parallel = parallel;
        this.ledger = ledger;
        this.runId = runId;
        this.dryRun = dryRun;
    }

    @Override
    public void write(Chunk<? extends MemberBatch> chunk) {
        List<? extends MemberBatch> batches = chunk.getItems();
        if (dryRun) {
            batches.forEach(batch -> ledger.markLines(runId, batch.lines(), RowStatus.PENDING, RowStatus.WOULD_ADD,
                    "not a member; dry run, nothing sent"));
            return;
        }
        parallel.forEach(batches, batch -> sender.send(runId, batch));
    }
}
