package dev.orgmembersync.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.RoleApi;
import dev.orgmembersync.auth0.RoleChange;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.MemberRoles;
import dev.orgmembersync.ledger.MemberRoles.RoleRef;
import dev.orgmembersync.ledger.MemberRoles.RoleRow;
import dev.orgmembersync.ledger.RowStatus;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Sets the organization roles the {@code roles} column names, once the membership is confirmed (ADDED or
 * ALREADY_MEMBER): one {@code POST .../members/{user_id}/roles} for the missing ones and, in mirror mode, one
 * {@code DELETE} for those the row does not name, unless the organization's members would lose more roles than
 * {@code sync.mirror.max-role-removals} (then none there loses any: REMOVAL_HELD). Each answer is recorded the moment
 * it arrives, so a restart sends only what was not confirmed. A refusal (409: 50 roles at most; 400, 404) makes the
 * row FAILED with Auth0's words.
 */
class RoleAssigner implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(RoleAssigner.class);

    private final Ledger ledger;
    private final MemberRoles memberRoles;
    private final RoleApi roles;
    private final ParallelCalls parallel;
    /** Mirror mode's guard rails, or null in add mode (no role is removed). */
    private final SyncProperties.Mirror mirror;

    RoleAssigner(Ledger ledger, MemberRoles memberRoles, RoleApi roles, ParallelCalls parallel,
            SyncProperties.Mirror mirror) {
        this.ledger = ledger;
        this.memberRoles = memberRoles;
        this.roles = roles;
        this.parallel = parallel;
        this.mirror = mirror;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long runId = RunIds.of(contribution.getStepExecution());
        boolean dryRun = Boolean.parseBoolean(
                contribution.getStepExecution().getJobParameters().getString(MemberSyncJobConfiguration.DRY_RUN));
        List<RoleRow> rows = memberRoles.toApply(runId);
        if (rows.isEmpty()) {
            return RepeatStatus.FINISHED;
        }
        Map<String, Long> held = heldOrganizations(runId);
        new TreeSet<>(held.keySet()).forEach(organization -> log.warn("{}: no role removed: its members would lose {}"
                + " roles, over sync.mirror.max-role-removals={}; if the input is complete, raise the option",
                organization, held.get(organization), mirror.maxRoleRemovals()));
        log.info("Roles: setting the organization roles of {} rows{}", rows.size(), dryRun ? " (dry run: none is sent)"
                : "");
        parallel.forEach(rows, row -> apply(runId, row, held.get(row.organizationId()), dryRun));
        return RepeatStatus.FINISHED;
    }

    /**
     * Mirror mode: the organizations whose members would lose more roles than allowed, with how many. Counted over
     * every row of the organization from the snapshot's roles, so a resumed run takes the same decision.
     */
    Map<String, Long> heldOrganizations(long runId) {
        if (mirror == null) {
            return Map.of();
        }
        Map<String, Long> removals = new HashMap<>();
        for (RoleRow row : memberRoles.all(runId)) {
            removals.merge(row.organizationId(), (long) RoleChanges.of(row, true).toRemove().size(), Long::sum);
        }
        removals.values().removeIf(count -> count <= mirror.maxRoleRemovals());
        return removals;
    }

    private void apply(long runId, RoleRow row, Long heldRemovals, boolean dryRun) {
        RoleChanges changes = RoleChanges.of(row, mirror != null);
        boolean hold = heldRemovals != null && !changes.toRemove().isEmpty();
        List<RoleRef> added = List.of();
        List<RoleRef> removed = List.of();
        if (!dryRun && !changes.toAdd().isEmpty()) {
            if (!row.added() && refused(runId, row, changes.current(), "adding", changes.toAdd(),
                    roles.addRoles(row.organizationId(), row.userId(), RoleChanges.ids(changes.toAdd())))) {
                return;
            }
            memberRoles.markAdded(runId, row.line());
            added = changes.toAdd();
        }
        if (!dryRun && !hold && !changes.toRemove().isEmpty()) {
            if (!row.removed() && refused(runId, row, changes.after(added, List.of()), "removing", changes.toRemove(),
                    roles.removeRoles(row.organizationId(), row.userId(), RoleChanges.ids(changes.toRemove())))) {
                return;
            }
            memberRoles.markRemoved(runId, row.line());
            removed = changes.toRemove();
        }
        if (hold) {
            ledger.markLines(runId, List.of(row.line()), row.status(), RowStatus.REMOVAL_HELD, join(row.detail(),
                    "role removals held: its members would lose " + heldRemovals + " roles, over"
                            + " sync.mirror.max-role-removals=" + mirror.maxRoleRemovals()));
        }
        memberRoles.finish(runId, row.line(), RoleChanges.column(changes.after(added, removed)),
                describe(changes, dryRun, hold));
    }

    /** Records a refusal (the row FAILED, its roles as they now are) and says whether there was one. */
    private boolean refused(long runId, RoleRow row, List<RoleRef> now, String what, List<RoleRef> roleRefs,
            RoleChange answer) {
        if (!(answer instanceof RoleChange.Refused refusal)) {
            return false;
        }
        log.warn("Auth0 refused {} roles {} of {} in {} (line {}): {}", what, RoleChanges.names(roleRefs), row.userId(),
                row.organizationId(), row.line(), refusal.reason());
        // the row first: a kill between the two leaves it FAILED, never reported as fine
        ledger.markLines(runId, List.of(row.line()), row.status(), RowStatus.FAILED, join(row.detail(), "roles: Auth0"
                + " refused " + what + " " + RoleChanges.names(roleRefs) + " (" + refusal.reason() + ")"));
        memberRoles.finish(runId, row.line(), RoleChanges.column(now), null);
        return true;
    }

    /** {@code roles added: Viewer; removed: Editor}, or what a dry run would do; null when nothing changes. */
    private static String describe(RoleChanges changes, boolean dryRun, boolean hold) {
        List<String> parts = new ArrayList<>();
        if (!changes.toAdd().isEmpty()) {
            parts.add((dryRun ? "roles to add: " : "roles added: ") + RoleChanges.names(changes.toAdd()));
        }
        if (!changes.toRemove().isEmpty()) {
            String prefix = hold ? "not removed: " : dryRun ? "to remove: " : "removed: ";
            parts.add((parts.isEmpty() ? "roles " : "") + prefix + RoleChanges.names(changes.toRemove()));
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static String join(String detail, String more) {
        return detail == null || detail.isBlank() ? more : detail + "; " + more;
    }

    /** For the forecast: the role calls this run still makes (one per member and direction). */
    long plannedCalls(long runId) {
        Set<String> held = heldOrganizations(runId).keySet();
        long calls = 0;
        for (RoleRow row : memberRoles.all(runId)) {
            RoleChanges changes = RoleChanges.of(row, mirror != null);
            calls += changes.toAdd().isEmpty() || row.added() ? 0 : 1;
            calls += changes.toRemove().isEmpty() || row.removed() || held.contains(row.organizationId()) ? 0 : 1;
        }
        return calls;
    }
}
