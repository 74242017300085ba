package dev.orgmembersync.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.RunOrganizations;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The add step, running beside the snapshot: each organization arrives as soon as its current members are listed
 * ({@link OrganizationFlow}; on a restart, first those an earlier attempt listed), and its pending rows leave in
 * batches of ten with several in flight ({@link MemberBatchWriter}). Each {@link #execute} is one round in its own
 * transaction: the batches ready now, at most {@link #BATCHES_PER_ROUND}, waiting only when none is. Each batch's
 * outcome is in the ledger as it is answered, so a round is not the unit of restart. An organization whose every
 * batch has been answered goes on to verification.
 */
class MemberAdder implements Tasklet {

    /** Large, so that waiting for a round's last answers costs little rate; small enough to hand over organizations. */
    static final int BATCHES_PER_ROUND = 500;

    private final OrganizationFlow flow;
    private final RunOrganizations organizations;
    private final Ledger ledger;
    private final MemberBatchWriter writer;
    private final ApiTotalsRecorder apiTotals;
    private final long runId;
    private final long previousRunId;
    private final Set<String> taken = new HashSet<>();
    private final List<String> finished = new ArrayList<>();
    private Deque<String> listedBefore;
    private PendingRowsReader rows;
    private MemberBatchReader batches;

    MemberAdder(OrganizationFlow flow, RunOrganizations organizations, Ledger ledger, MemberBatchWriter writer,
            ApiTotalsRecorder apiTotals, long runId, long previousRunId) {
        this.flow = flow;
        this.organizations = organizations;
        this.ledger = ledger;
        this.writer = writer;
        this.apiTotals = apiTotals;
        this.runId = runId;
        this.previousRunId = previousRunId;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        if (rows == null) {
            listedBefore = new ArrayDeque<>(organizations.snapshottedWithPendingRows(runId));
            rows = new PendingRowsReader(ledger, runId, previousRunId, this::nextOrganization);
            batches = new MemberBatchReader(rows);
        }
        List<MemberBatch> round = new ArrayList<>();
        MemberBatch batch;
        do {
            rows.waitForOrganizations(round.isEmpty());
            batch = batches.read();
            if (batch != null) {
                round.add(batch);
            }
        }
        while (batch != null && round.size() < BATCHES_PER_ROUND);
        if (!round.isEmpty()) {
            writer.write(new Chunk<>(round));
            // the step's counts say batches, as when this step read and wrote chunks of them
            round.forEach(sent -> contribution.incrementReadCount());
            contribution.incrementWriteCount(round.size());
        }
        handOverAnswered();
        if (rows.exhausted()) {
            flow.failIfUnsuccessful(OrganizationFlow.ADDS, OrganizationFlow.SNAPSHOT);
            return RepeatStatus.FINISHED;
        }
        return RepeatStatus.CONTINUABLE;
    }

    /** Organizations listed by an earlier attempt first, then those the snapshot hands over; each once. */
    private String nextOrganization(boolean wait) {
        String next;
        do {
            next = listedBefore.isEmpty() ? flow.nextSnapshotted(wait) : listedBefore.poll();
        }
        while (next != null && !taken.add(next));
        if (next != null) {
            flow.handedOver(ledger.organizationRowsToAdd(runId, previousRunId, next), apiTotals.callsByBucket());
        }
        return next;
    }

    /** Organizations whose rows were all read and are in no batch still to send: their batches have been answered. */
    private void handOverAnswered() {
        finished.addAll(rows.takeFinished());
        finished.removeIf(organizationId -> {
            if (batches.holds(organizationId)) {
                return false;
            }
            flow.added(organizationId);
            return true;
        });
    }
}
