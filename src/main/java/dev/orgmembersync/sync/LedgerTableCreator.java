package dev.orgmembersync.sync;

import dev.orgmembersync.ledger.Ledger;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/** Creates the run's ledger table before any step (or progress line) looks at it; a resumed run finds it there. */
class LedgerTableCreator implements JobExecutionListener {

    private final Ledger ledger;

    LedgerTableCreator(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        ledger.createTable(jobExecution.getJobInstance().getInstanceId());
    }
}
