package dev.orgmembersync.sync;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

import dev.orgmembersync.auth0.Bucket;
import dev.orgmembersync.auth0.CallTimeline;
import dev.orgmembersync.auth0.ManagementApi;
import dev.orgmembersync.auth0.Paces;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.LedgerView;
import dev.orgmembersync.ledger.Ledger.RowsToAdd;
import dev.orgmembersync.ledger.RowStatus;
import dev.orgmembersync.ledger.UnlistedMembers;
import dev.orgmembersync.report.RunActual;
import dev.orgmembersync.report.RunPlan;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Makes the run's {@link RunPlan} once the current members are known (the snapshot's end, or the add step's start
 * when an earlier attempt completed the snapshot), logs it in one line and keeps it in the job's ExecutionContext for
 * the report, so a resumed run reports the plan of its latest attempt. The adds run beside the snapshot
 * ({@link OrganizationFlow}), so the first organizations may be under way by then: their rows are counted as they
 * were when they went to the add step, and the calls as they were before this attempt's first write, so the plan does
 * not depend on how far the adds got (a dry run plans exactly what the real run plans). The rest is modelled on what
 * the job will do: one POST per ten pending ids of an organization (ids Auth0 rejected in the previous run alone), and
 * a listing of each organization with adds, 100 members a page plus Auth0's trailing empty page.
 */
class RunPlanner implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RunPlanner.class);
    private static final String PLAN = "plan";

    private final Ledger ledger;
    private final LedgerView view;
    private final ApiTotalsRecorder apiTotals;
    private final Paces paces;
    private final CallTimeline timeline;
    private final JsonMapper json;
    private final UnlistedMembers unlisted;
    /** Mirror mode's guard rails, or null in add mode (no removals). */
    private final SyncProperties.Mirror mirror;
    private final RoleAssigner roles;
    private final OrganizationFlow flow;

    RunPlanner(Ledger ledger, LedgerView view, ApiTotalsRecorder apiTotals, Paces paces, CallTimeline timeline, JsonMapper json,
            UnlistedMembers unlisted, SyncProperties.Mirror mirror, RoleAssigner roles, OrganizationFlow flow) {
        this.roles = roles;
        this.view = view;
        this.unlisted = unlisted;
        this.mirror = mirror;
        this.ledger = ledger;
        this.apiTotals = apiTotals;
        this.paces = paces;
        this.timeline = timeline;
        this.json = json;
        this.flow = flow;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        if (stepExecution.getStepName().equals(OrganizationFlow.ADDS) && flow.snapshotCompletedBefore()) {
            makePlan(stepExecution);
        }
    }

    /** Registered on the snapshot step after {@link OrganizationFlow}: it runs first, before verification starts. */
    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (stepExecution.getStepName().equals(OrganizationFlow.SNAPSHOT)
                && stepExecution.getStatus() == BatchStatus.COMPLETED) {
            makePlan(stepExecution);
        }
        return stepExecution.getExitStatus();
    }

    private void makePlan(StepExecution stepExecution) {
        JobExecution job = stepExecution.getJobExecution();
        long runId = RunIds.of(stepExecution);
        long previousRunId = job.getJobParameters().getLong(MemberSyncJobConfiguration.PREVIOUS_RUN, 0L);
        RunPlan plan = plan(runId, ledger.hasRun(previousRunId) ? previousRunId : 0);
        log.info(plan.describe());
        job.getExecutionContext().putString(PLAN, json.writeValueAsString(plan));
    }

    RunPlan plan(long runId, long previousRunId) {
        Map<Bucket, Long> made = apiTotals.callsByBucket();
        // the ledger first: an organization handed over after this query is in the map read next
        Map<String, RowsToAdd> toAdd = new TreeMap<>();
        ledger.rowsToAdd(runId, previousRunId).forEach(rows -> toAdd.put(rows.organizationId(), rows));
        toAdd.putAll(flow.handedOverRows());
        Map<Bucket, Long> beforeWrites = flow.callsBeforeFirstWrite();
        if (beforeWrites == null) {
            beforeWrites = made;
        }
        long writes = 0;
        long verifyReads = 0;
        Map<String, Long> membersBefore = view.membersListed(runId);
        // the organizations verification lists again, with the members it will find there
        Map<String, Long> membersAfter = new HashMap<>();
        for (RowsToAdd rows : toAdd.values()) {
            if (rows.pending() + rows.sent() == 0) {
                continue;
            }
            long together = rows.pending() - rows.rejectedBefore();
            writes += ceil(together, ManagementApi.MAX_MEMBERS_PER_ADD) + rows.rejectedBefore();
            membersAfter.put(rows.organizationId(), membersBefore.getOrDefault(rows.organizationId(), 0L)
                    + rows.pending() + rows.sent());
        }
        long removals = 0;
        for (Map.Entry<String, Long> organization : removalCandidates(runId).entrySet()) {
            long before = membersBefore.getOrDefault(organization.getKey(), 0L);
            long candidates = organization.getValue();
            if (withinGuard(candidates, before)) {
                removals += ceil(candidates, ManagementApi.MAX_MEMBERS_PER_ADD);
                membersAfter.merge(organization.getKey(), before - candidates, (added, ignored) -> added - candidates);
            }
        }
        for (long members : membersAfter.values()) {
            verifyReads += listingCalls(members);
        }
        List<Map<Bucket, Long>> phases = new ArrayList<>();
        phases.add(only(Bucket.ORGANIZATIONS_BY_NAME, made.getOrDefault(Bucket.ORGANIZATIONS_BY_NAME, 0L)));
        phases.add(only(Bucket.ROLES, made.getOrDefault(Bucket.ROLES, 0L)));
        phases.add(only(Bucket.USERS, beforeWrites.getOrDefault(Bucket.USERS, 0L)));
        phases.add(only(Bucket.INVITATIONS, made.getOrDefault(Bucket.INVITATIONS, 0L)));
        // snapshot, adds and (add mode) verification side by side: member reads and writes are separate buckets
        Map<Bucket, Long> members = only(Bucket.MEMBER_READS, made.getOrDefault(Bucket.MEMBER_READS, 0L)
                + (mirror == null ? verifyReads : 0));
        members.put(Bucket.MEMBER_WRITES, beforeWrites.getOrDefault(Bucket.MEMBER_WRITES, 0L) + writes);
        members.put(Bucket.USER_READS, beforeWrites.getOrDefault(Bucket.USER_READS, 0L));
        phases.add(members);
        if (mirror != null) {
            phases.add(only(Bucket.MEMBER_WRITES, removals));
            phases.add(only(Bucket.MEMBER_READS, verifyReads));
        }
        phases.add(only(Bucket.MEMBER_ROLES, made.getOrDefault(Bucket.MEMBER_ROLES, 0L) + roles.plannedCalls(runId)));
        return RunPlan.of(phases, paces);
    }

    /**
     * Mirror mode: per organization, the members the input does not list (before keep entries and unresolved rows
     * protect some, so at most what will be removed) and those already decided on by an earlier attempt.
     */
    private Map<String, Long> removalCandidates(long runId) {
        if (mirror == null) {
            return Map.of();
        }
        Map<String, Long> candidates = new HashMap<>(unlisted.countsByOrganization(runId, RowStatus.UNLISTED_MEMBER));
        unlisted.countsByOrganization(runId, RowStatus.REMOVAL_PENDING).forEach((id, n) -> candidates.merge(id, n,
                Long::sum));
        return candidates;
    }

    /** Whether removing {@code candidates} of {@code before} members stays within the guard rails (RemovalPlanner). */
    private boolean withinGuard(long candidates, long before) {
        return candidates <= mirror.maxRemovals() && candidates * 100 <= (long) mirror.maxRemovalPercent() * before;
    }

    /** The plan this run made, or null when it stopped before making one. */
    RunPlan planOf(JobExecution job) {
        String plan = job.getExecutionContext().getString(PLAN, null);
        return plan == null ? null : json.readValue(plan, RunPlan.class);
    }

    /** What this run did so far: the API span of this process, calls per bucket, calls spent on refused batches. */
    RunActual actual() {
        List<RunActual.BucketCalls> buckets = new ArrayList<>();
        apiTotals.callsByBucket().forEach((bucket, calls) -> buckets.add(new RunActual.BucketCalls(RunPlan.name(bucket),
                calls, Math.round(paces.perMinuteNow(bucket)))));
        return new RunActual(timeline.apiSeconds().map(seconds -> Math.round(seconds * 10) / 10.0).orElse(null),
                buckets, apiTotals.refusedBatchCalls());
    }

    /** Calls to list {@code members} with checkpoint paging: full pages, the last one, then Auth0's empty page. */
    static long listingCalls(long members) {
        return members == 0 ? 1 : ceil(members, ManagementApi.PAGE_SIZE) + 1;
    }

    private static long ceil(long value, long divisor) {
        return (value + divisor - 1) / divisor;
    }

    private static Map<Bucket, Long> only(Bucket bucket, long calls) {
        Map<Bucket, Long> phase = new EnumMap<>(Bucket.class);
        phase.put(bucket, calls);
        return phase;
    }
}
