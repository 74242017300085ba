package dev.orgmembersync.sync;

import org.springframework.batch.core.step.StepExecution;

/** A run's ledger rows are keyed by the job instance id: a restart keeps it, a new run gets a new one. */
final class RunIds {

    private RunIds() {
    }

    static long of(StepExecution stepExecution) {
        return stepExecution.getJobExecution().getJobInstance().getInstanceId();
    }
}
