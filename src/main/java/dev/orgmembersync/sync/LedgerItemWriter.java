package dev.orgmembersync.sync;

import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.LedgerEntry;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Stages a chunk of rows in the ledger, in the chunk's transaction, so restart and ledger agree. */
class LedgerItemWriter implements ItemWriter<LedgerEntry> {

    private final Ledger ledger;
    private final long runId;

    LedgerItemWriter(Ledger ledger, long runId) {
        this.ledger = ledger;
        this.runId = runId;
    }

    @Override
    public void write(Chunk<? extends LedgerEntry> chunk) {
        ledger.insert(runId, java.util.List.copyOf(chunk.getItems()));
    }
}
