package dev.orgmembersync.sync;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.ManagementApi;
import dev.orgmembersync.auth0.RemovalOutcome;
import dev.orgmembersync.ledger.RowStatus;
import dev.orgmembersync.ledger.UnlistedMembers;
import dev.orgmembersync.ledger.UnlistedMembers.Member;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * {@code removeMembersStep}: in mirror mode, plans the removals ({@link RemovalPlanner}), then sends the members
 * to remove with {@code DELETE /api/v2/organizations/{id}/members}, ten per call, several in flight, through the
 * member-write bucket that the adds use. Each call's answer is recorded the moment it arrives (REMOVAL_SENT), so a
 * restart never sends a confirmed batch again; only calls in flight at a kill are sent once more, which Auth0
 * answers with 204 for ids that are no longer members. In add mode it does nothing.
 */
class MemberRemover implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(MemberRemover.class);

    private record Batch(String organizationId, List<String> userIds) {
    }

    private final RemovalPlanner planner;
    private final UnlistedMembers unlisted;
    private final ManagementApi api;
    private final ParallelCalls parallel;
    private final boolean mirror;

    MemberRemover(RemovalPlanner planner, UnlistedMembers unlisted, ManagementApi api, ParallelCalls parallel,
            boolean mirror) {
        this.planner = planner;
        this.unlisted = unlisted;
        this.api = api;
        this.parallel = parallel;
        this.mirror = mirror;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        if (!mirror) {
            return RepeatStatus.FINISHED;
        }
        long runId = RunIds.of(contribution.getStepExecution());
        boolean dryRun = Boolean.parseBoolean(
                contribution.getStepExecution().getJobParameters().getString(MemberSyncJobConfiguration.DRY_RUN));
        planner.plan(runId, dryRun);
        List<Batch> batches = new ArrayList<>();
        for (String organizationId : unlisted.organizationsWith(runId, RowStatus.REMOVAL_PENDING)) {
            List<String> ids = unlisted.members(runId, organizationId, RowStatus.REMOVAL_PENDING).stream()
                    .map(Member::userId).toList();
            for (int i = 0; i < ids.size(); i += ManagementApi.MAX_MEMBERS_PER_ADD) {
                batches.add(new Batch(organizationId, ids.subList(i, Math.min(ids.size(), i + ManagementApi.MAX_MEMBERS_PER_ADD))));
            }
        }
        if (!batches.isEmpty()) {
            log.info("Removing members: {} DELETE calls of up to ten ids", batches.size());
        }
        parallel.forEach(batches, batch -> send(runId, batch));
        return RepeatStatus.FINISHED;
    }

    private void send(long runId, Batch batch) {
        RemovalOutcome outcome = api.removeMembers(batch.organizationId(), batch.userIds());
        if (outcome instanceof RemovalOutcome.Failed failed) {
            log.warn("Could not remove {} members from {}: {}", batch.userIds().size(), batch.organizationId(),
                    failed.reason());
            unlisted.mark(runId, batch.organizationId(), batch.userIds(), RowStatus.REMOVAL_PENDING, RowStatus.FAILED,
                    "not removed: " + failed.reason());
        }
        else {
            unlisted.mark(runId, batch.organizationId(), batch.userIds(), RowStatus.REMOVAL_PENDING,
                    RowStatus.REMOVAL_SENT, "Auth0 accepted the removal (HTTP 204)");
        }
    }
}
