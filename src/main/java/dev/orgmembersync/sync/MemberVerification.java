package dev.orgmembersync.sync;

import java.util.List;

import dev.orgmembersync.auth0.Paces;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.RowStatus;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The verify step, running beside the adds: in add mode each organization is listed as soon as its batches are
 * answered and the snapshot has ended (the member-read bucket is the snapshot's until then, and the plan counts its
 * reads), so the reads of verification overlap the writes of later organizations. Mirror mode verifies once the
 * removals are done: one listing confirms an organization's adds and its removals. A last pass lists whatever still
 * waits (rows SENT by an earlier attempt, say): the ledger, not this step's memory, decides what is left. Where the
 * phases gain nothing side by side ({@link OrganizationFlow#sideBySide}) it waits for the adds to end.
 */
class MemberVerification implements Tasklet {

    private final OrganizationFlow flow;
    private final AddedMembersVerifier verifier;
    private final Ledger ledger;
    private final ParallelCalls parallel;
    private final boolean mirror;
    private final Paces paces;

    MemberVerification(OrganizationFlow flow, AddedMembersVerifier verifier, Ledger ledger, ParallelCalls parallel,
            boolean mirror, Paces paces) {
        this.paces = paces;
        this.flow = flow;
        this.verifier = verifier;
        this.ledger = ledger;
        this.parallel = parallel;
        this.mirror = mirror;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long runId = RunIds.of(contribution.getStepExecution());
        if (mirror) {
            flow.awaitEnd(OrganizationFlow.ADDS, OrganizationFlow.REMOVALS);
            flow.failIfUnsuccessful(OrganizationFlow.VERIFY, OrganizationFlow.ADDS, OrganizationFlow.REMOVALS);
        }
        else {
            flow.awaitEnd(OrganizationFlow.SNAPSHOT);
            if (!OrganizationFlow.sideBySide(paces)) {
                flow.awaitEnd(OrganizationFlow.ADDS);
            }
            List<String> added;
            while (!(added = flow.nextAdded()).isEmpty()) {
                List<String> withSent = added.stream()
                        .filter(organizationId -> ledger.count(runId, organizationId, RowStatus.SENT) > 0).toList();
                parallel.forEach(withSent, organizationId -> verifier.verify(runId, organizationId));
            }
            flow.failIfUnsuccessful(OrganizationFlow.VERIFY, OrganizationFlow.SNAPSHOT, OrganizationFlow.ADDS);
        }
        parallel.forEach(verifier.organizationsToVerify(runId), organizationId -> verifier.verify(runId, organizationId));
        return RepeatStatus.FINISHED;
    }
}
