package dev.orgmembersync.sync;

import dev.orgmembersync.ledger.Ledger;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Indexes the staged ledger in one pass, after staging (see {@link Ledger}). */
class LedgerIndexer implements Tasklet {

    private final Ledger ledger;

    LedgerIndexer(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        ledger.createIndexes(RunIds.of(contribution.getStepExecution()));
        return RepeatStatus.FINISHED;
    }
}
