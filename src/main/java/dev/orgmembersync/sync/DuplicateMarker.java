package dev.orgmembersync.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.ledger.Ledger;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Marks repeated (organization, user) rows DUPLICATE in one SQL statement, so memory stays flat. */
class DuplicateMarker implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(DuplicateMarker.class);

    private final Ledger ledger;

    DuplicateMarker(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        int duplicates = ledger.markDuplicates(RunIds.of(contribution.getStepExecution()));
        if (duplicates > 0) {
            log.info("{} duplicate rows will not be sent twice", duplicates);
        }
        return RepeatStatus.FINISHED;
    }
}
