package dev.orgmembersync.sync;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.ManagementApi;
import dev.orgmembersync.ledger.Ledger;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Rows that name their organization by name get its id from {@code GET /organizations/name/{name}}. */
class OrganizationNameResolver implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(OrganizationNameResolver.class);

    private final Ledger ledger;
    private final ManagementApi api;

    OrganizationNameResolver(Ledger ledger, ManagementApi api) {
        this.ledger = ledger;
        this.api = api;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long runId = RunIds.of(contribution.getStepExecution());
        for (String name : ledger.unresolvedNames(runId)) {
            Optional<String> id = api.organizationIdByName(name);
            if (id.isPresent()) {
                log.info("Organization '{}' is {}", name, id.get());
                ledger.resolveName(runId, name, id.get());
            }
            else {
                log.warn("Auth0 has no organization named '{}'", name);
                ledger.markUnknownName(runId, name, "Auth0 has no organization named '" + name + "' (HTTP 404)");
            }
        }
        return RepeatStatus.FINISHED;
    }
}
