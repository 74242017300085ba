package dev.orgmembersync.sync;

import java.util.List;
import java.util.function.Consumer;

import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.RowStatus;

/**
 * Sends a round of batches with several in flight (the rate limiters set the pace); in a dry run it only
 * marks the rows WOULD_ADD. Each batch's outcome is in the ledger before {@code answered} hears of it.
 */
class MemberBatchWriter {

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

    void write(List<MemberBatch> batches, Consumer<MemberBatch> answered) {
        if (dryRun) {
            batches.forEach(batch -> {
                ledger.markLines(runId, batch.lines(), RowStatus.PENDING, RowStatus.WOULD_ADD,
                        "not a member; dry run, nothing sent");
                answered.accept(batch);
            });
            return;
        }
        // in order: an organization's batches leave together, so it can be verified while later ones are sent
        parallel.forEachInOrder(batches, parallel.threads(), batch -> {
            sender.send(runId, batch);
            answered.accept(batch);
        });
    }
}
