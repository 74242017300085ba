package dev.orgmembersync.sync;

import dev.orgmembersync.auth0.ManagementApi;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Once the input has staged cleanly, the token request leaves in the background while the ledger is indexed and
 * names are resolved, so the first call finds the token ready. Not before: a file the job refuses (no header,
 * binary, empty) must not cost a token or reach the tenant at all.
 */
final class TokenPrefetch implements StepExecutionListener {

    private final ManagementApi api;

    TokenPrefetch(ManagementApi api) {
        this.api = api;
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (ExitStatus.COMPLETED.getExitCode().equals(stepExecution.getExitStatus().getExitCode())) {
            api.prefetchToken();
        }
        return null;
    }
}
