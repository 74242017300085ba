package dev.orgmembersync.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.ManagementApi;
import dev.orgmembersync.auth0.OrganizationLookup;
import dev.orgmembersync.ledger.RunOrganizations;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Rows that name their organization by name get its id from {@code GET /organizations/name/{name}}; a name
 * Auth0 does not know, or refuses (400), makes its rows UNKNOWN_ORGANIZATION with Auth0's answer.
 */
class OrganizationNameResolver implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(OrganizationNameResolver.class);

    private final RunOrganizations ledger;
    private final ManagementApi api;

    OrganizationNameResolver(RunOrganizations ledger, ManagementApi api) {
        this.ledger = ledger;
        this.api = api;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long runId = RunIds.of(contribution.getStepExecution());
        for (String name : ledger.unresolvedNames(runId)) {
            OrganizationLookup lookup = api.organizationIdByName(name);
            if (lookup instanceof OrganizationLookup.Found found) {
                log.info("Organization '{}' is {}", name, found.id());
                ledger.resolveName(runId, name, found.id());
            }
            else if (lookup instanceof OrganizationLookup.Unknown unknown) {
                log.warn("Auth0 has no organization named '{}' ({})", name, unknown.reason());
                ledger.markUnknownName(runId, name, "Auth0 has no organization named '" + name + "' (" + unknown.reason()
                        + ")");
            }
        }
        return RepeatStatus.FINISHED;
    }
}
