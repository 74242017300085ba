package dev.orgmembersync.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.Bucket;
import dev.orgmembersync.auth0.Paces;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.RunOrganizations;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The add step, running beside the snapshot: each organization arrives as soon as its current members are listed
 * ({@link OrganizationFlow}; on a restart, first those an earlier attempt listed), and its pending rows leave in
 * batches of ten with several in flight ({@link MemberBatchWriter}). Each {@link #execute} is one round in its own
 * transaction: the batches ready now, at most {@link #BATCHES_PER_ROUND}, waiting only when none is. Each batch's
 * outcome is in the ledger as it is answered, so a round is not the unit of restart. On a tenant whose member reads
 * and writes gain nothing side by side ({@link OrganizationFlow#sideBySide}) the adds wait for the snapshot. An organization goes on to
 * verification as soon as its last batch is answered (batches leave about in the order read, organization by
 * organization, so organizations finish one after another).
 */
class MemberAdder implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(MemberAdder.class);

    /** Large, so that waiting for a round's last answers costs little rate; small enough to hand over organizations. */
    static final int BATCHES_PER_ROUND = 500;

    private final OrganizationFlow flow;
    private final RunOrganizations organizations;
    private final Ledger ledger;
    private final MemberBatchWriter writer;
    private final ApiTotalsRecorder apiTotals;
    private final Paces paces;
    private final long runId;
    private final long previousRunId;
    private final Set<String> taken = new HashSet<>();
    /** Organizations whose rows the reader has all returned (some may still be held for a batch). */
    private final List<String> readOut = new ArrayList<>();
    /** Guards the two below: batches are answered on worker threads. */
    private final Object lock = new Object();
    /** Batches sent and not answered yet, per organization. */
    private final Map<String, Integer> unanswered = new HashMap<>();
    /** Organizations read out that wait for their last answers before verification. */
    private final Set<String> waiting = new HashSet<>();
    private Deque<String> listedBefore;
    private boolean sharingChecked;
    private PendingRowsReader rows;
    private MemberBatchReader batches;

    MemberAdder(OrganizationFlow flow, RunOrganizations organizations, Ledger ledger, MemberBatchWriter writer,
            ApiTotalsRecorder apiTotals, Paces paces, long runId, long previousRunId) {
        this.paces = paces;
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
                synchronized (lock) {
                    unanswered.merge(batch.organizationId(), 1, Integer::sum);
                }
            }
            noteReadOut();
        }
        while (batch != null && round.size() < BATCHES_PER_ROUND);
        if (!round.isEmpty()) {
            writer.write(round, this::answered);
            // the step's counts say batches, as when this step read and wrote chunks of them
            round.forEach(sent -> contribution.incrementReadCount());
            contribution.incrementWriteCount(round.size());
        }
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
        if (next != null && !sharingChecked) {
            sharingChecked = true;
            if (!OrganizationFlow.sideBySide(paces)) {
                log.info("The adds wait for the snapshot to end: {}", paces.membersShareOneBucket()
                        ? "member reads and writes share one rate-limit bucket on this tenant (Auth0 reports a bucket of "
                                + paces.reportedLimit(Bucket.MEMBER_READS).orElse(0) + ")"
                        : "member writes are paced faster than any bucket Auth0 documents, so this machine bounds them");
                flow.awaitEnd(OrganizationFlow.SNAPSHOT);
            }
        }
        if (next != null) {
            flow.handedOver(ledger.organizationRowsToAdd(runId, previousRunId, next), apiTotals.callsByBucket());
        }
        return next;
    }

    /**
     * Organizations whose rows were all read and are in no batch still to fill: verification may list them once
     * their batches are answered (at once if they are).
     */
    private void noteReadOut() {
        readOut.addAll(rows.takeFinished());
        readOut.removeIf(organizationId -> {
            if (batches.holds(organizationId)) {
                return false;
            }
            synchronized (lock) {
                if (unanswered.containsKey(organizationId)) {
                    waiting.add(organizationId);
                }
                else {
                    flow.added(organizationId);
                }
            }
            return true;
        });
    }

    /** A batch's outcome is in the ledger: the last one of an organization read out sends it to verification. */
    private void answered(MemberBatch batch) {
        synchronized (lock) {
            String organizationId = batch.organizationId();
            if (unanswered.merge(organizationId, -1, Integer::sum) == 0) {
                unanswered.remove(organizationId);
                if (waiting.remove(organizationId)) {
                    flow.added(organizationId);
                }
            }
        }
    }
}
