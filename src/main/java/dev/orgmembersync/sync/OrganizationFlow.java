package dev.orgmembersync.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.orgmembersync.auth0.Bucket;
import dev.orgmembersync.auth0.Paces;
import dev.orgmembersync.ledger.Ledger.RowsToAdd;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Hands organizations from one overlapped step to the next (the job runs the snapshot, the adds and the verification
 * side by side, see {@link MemberSyncJobConfiguration}): an organization goes to the add step as soon as its current
 * members are listed, and to verification once its last batch is answered. Member reads and member writes are
 * separate Auth0 buckets, so a run takes about as long as the slower of them, not their sum.
 * <p>
 * Only the hand-overs live here, in memory, reset before each job execution; what each step has done is in the
 * ledger, which a restart reads. A step waiting for another ends when that one ends: a step that ended unsuccessfully
 * makes the steps after it fail too (after finishing what they had started), so that a restart runs them again.
 */
class OrganizationFlow implements JobExecutionListener, StepExecutionListener {

    static final String SNAPSHOT = "snapshotStep";
    static final String ADDS = "addMembersStep";
    static final String REMOVALS = "removeMembersStep";
    static final String VERIFY = "verifyStep";
    private static final List<String> HANDING_OVER = List.of(SNAPSHOT, ADDS, REMOVALS);
    /**
     * Member writes a minute above which the adds are bounded by this machine, not by Auth0's bucket: faster than
     * any member-write bucket Auth0 documents (200/min; 1,000/min on the benchmark's 5x enterprise-like tenant).
     * Listings beside such adds only take CPU and threads from them (r200: 188-190 writes/s, 191 one after another).
     */
    static final double MACHINE_BOUND_WRITES_PER_MINUTE = 1200;
    /** How long a waiting step sleeps before it looks again (a hand-over or a step's end wakes it at once). */
    private static final long WAIT_MILLIS = 250;

    private final JobRepository repository;
    private final Object lock = new Object();
    private final Deque<String> snapshotted = new ArrayDeque<>();
    private final Deque<String> added = new ArrayDeque<>();
    /** The steps of {@link #HANDING_OVER} that have ended, in this execution or (completed) in an earlier one. */
    private final Map<String, BatchStatus> ended = new HashMap<>();
    private boolean snapshotCompletedBefore;
    /** This run's calls per bucket when the first organization went to the add step (null: none has yet). */
    private Map<Bucket, Long> callsBeforeFirstWrite;
    /** What each organization had to add when it went to the add step (for the plan, which may come later). */
    private final Map<String, RowsToAdd> handedOver = new HashMap<>();

    OrganizationFlow(JobRepository repository) {
        this.repository = repository;
    }

    @Override
    public void beforeJob(JobExecution job) {
        synchronized (lock) {
            snapshotted.clear();
            added.clear();
            ended.clear();
            callsBeforeFirstWrite = null;
            handedOver.clear();
            // a restart skips the steps completed before: nobody would say they ended
            for (String step : HANDING_OVER) {
                StepExecution last = repository.getLastStepExecution(job.getJobInstance(), step);
                if (last != null && last.getStatus() == BatchStatus.COMPLETED && last.getJobExecutionId() != job.getId()) {
                    ended.put(step, BatchStatus.COMPLETED);
                }
            }
            snapshotCompletedBefore = ended.containsKey(SNAPSHOT);
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        if (HANDING_OVER.contains(step.getStepName())) {
            synchronized (lock) {
                ended.put(step.getStepName(), step.getStatus());
                lock.notifyAll();
            }
        }
        return step.getExitStatus();
    }

    /**
     * Whether the snapshot, adds and verification gain from running side by side: not where member reads and writes
     * share one bucket (a free tenant, {@link Paces#membersShareOneBucket}), and not where this machine bounds the
     * writes; there the adds wait for the snapshot and verification for the adds, as when the steps ran one after
     * another. Asked when the first organization is ready, so the member-read bucket has answered by then.
     */
    static boolean sideBySide(Paces paces) {
        return !paces.membersShareOneBucket()
                && paces.perMinuteNow(Bucket.MEMBER_WRITES) <= MACHINE_BOUND_WRITES_PER_MINUTE;
    }

    /** The snapshot has listed this organization's current members (and marked the rows that are members already). */
    void snapshotted(String organizationId) {
        offer(snapshotted, organizationId);
    }

    /** Every batch of this organization has been answered: it can be verified. */
    void added(String organizationId) {
        offer(added, organizationId);
    }

    /**
     * The next organization the snapshot has listed; when none is waiting, null at once ({@code wait} false) or after
     * waiting for one (null then means the snapshot has ended: see {@link #failIfUnsuccessful}).
     */
    String nextSnapshotted(boolean wait) {
        synchronized (lock) {
            while (snapshotted.isEmpty() && wait && !ended.containsKey(SNAPSHOT)) {
                waitForChange();
            }
            return snapshotted.poll();
        }
    }

    /**
     * The organizations whose adds have been answered since the last call, waiting for at least one; empty once the
     * add step has ended and every one was handed over.
     */
    List<String> nextAdded() {
        synchronized (lock) {
            while (added.isEmpty() && !ended.containsKey(ADDS)) {
                waitForChange();
            }
            List<String> organizations = new ArrayList<>(added);
            added.clear();
            return organizations;
        }
    }

    /** Waits until each of these steps has ended, or one of them ended unsuccessfully. */
    void awaitEnd(String... steps) {
        synchronized (lock) {
            while (!allEndedOrOneFailed(steps)) {
                waitForChange();
            }
        }
    }

    /** Fails the calling step when one of these steps ended unsuccessfully: a restart must run the caller again. */
    void failIfUnsuccessful(String caller, String... steps) {
        synchronized (lock) {
            for (String step : steps) {
                BatchStatus status = ended.get(step);
                if (status != null && status != BatchStatus.COMPLETED) {
                    throw new UpstreamStepFailedException(caller + " stopped because " + step + " ended " + status
                            + "; a rerun resumes both");
                }
            }
        }
    }

    /** Whether the snapshot was completed by an earlier execution of this run (a restart). */
    boolean snapshotCompletedBefore() {
        synchronized (lock) {
            return snapshotCompletedBefore;
        }
    }

    /**
     * An organization goes to the add step with these rows to add; the first one also keeps the run's calls per
     * bucket so far: the plan, made when the snapshot ends, counts what was there before the writes began.
     */
    void handedOver(RowsToAdd rows, Map<Bucket, Long> callsSoFar) {
        synchronized (lock) {
            if (callsBeforeFirstWrite == null) {
                callsBeforeFirstWrite = new EnumMap<>(Bucket.class);
                callsBeforeFirstWrite.putAll(callsSoFar);
            }
            handedOver.put(rows.organizationId(), rows);
        }
    }

    /** The calls per bucket kept at the first hand-over, or null when none has happened in this execution. */
    Map<Bucket, Long> callsBeforeFirstWrite() {
        synchronized (lock) {
            return callsBeforeFirstWrite;
        }
    }

    /** The rows each organization had to add when it went to the add step in this execution. */
    Map<String, RowsToAdd> handedOverRows() {
        synchronized (lock) {
            return Map.copyOf(handedOver);
        }
    }

    private void offer(Deque<String> queue, String organizationId) {
        synchronized (lock) {
            queue.add(organizationId);
            lock.notifyAll();
        }
    }

    private boolean allEndedOrOneFailed(String... steps) {
        boolean all = true;
        for (String step : steps) {
            BatchStatus status = ended.get(step);
            if (status != null && status != BatchStatus.COMPLETED) {
                return true;
            }
            all &= status != null;
        }
        return all;
    }

    private void waitForChange() {
        try {
            lock.wait(WAIT_MILLIS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another step", ex);
        }
    }

    /** A step stopped because a step it depends on, running beside it, failed; the other step's failure says why. */
    static class UpstreamStepFailedException extends RuntimeException {

        UpstreamStepFailedException(String message) {
            super(message);
        }
    }
}
