package dev.orgmembersync.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.Bucket;
import dev.orgmembersync.auth0.MemberPager;
import dev.orgmembersync.auth0.Paces;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.MemberRoles;
import dev.orgmembersync.ledger.MemberRoles.RoleRef;
import dev.orgmembersync.ledger.RowStatus;
import dev.orgmembersync.ledger.RunOrganizations;
import dev.orgmembersync.ledger.UnlistedMembers;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pages each organization's current members once and marks the rows that are members already, so only
 * the missing ones are sent. Organizations run in parallel; each is recorded as done when finished, so a
 * restart pages only the rest, and handed to the add step, which runs beside this one ({@link OrganizationFlow}). The list of organizations is committed before the paging starts: the
 * workers record "done" on connections of their own, which cannot see rows of the step's open transaction
 * (registered inside it, no organization was ever recorded done and a restart paged them all again).
 */
class MembershipSnapshot implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(MembershipSnapshot.class);
    private static final int MIN_LANES = 2;
    private static final double SECONDS_PER_ANSWER = 0.3;

    private final Ledger ledger;
    private final RunOrganizations runOrganizations;
    private final UnlistedMembers unlisted;
    private final MemberPager pager;
    private final ParallelCalls parallel;
    private final TransactionTemplate ownTransaction;
    private final MemberRoles memberRoles;
    private final OrganizationFlow flow;
    private final Paces paces;
    private final int concurrency;

    MembershipSnapshot(Ledger ledger, RunOrganizations organizations, UnlistedMembers unlisted, MemberPager pager,
            ParallelCalls parallel, PlatformTransactionManager tx, MemberRoles memberRoles, OrganizationFlow flow,
            Paces paces, int concurrency) {
        this.flow = flow;
        this.paces = paces;
        this.concurrency = concurrency;
        this.ledger = ledger;
        this.runOrganizations = organizations;
        this.unlisted = unlisted;
        this.memberRoles = memberRoles;
        this.pager = pager;
        this.parallel = parallel;
        this.ownTransaction = new TransactionTemplate(tx);
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long runId = RunIds.of(contribution.getStepExecution());
        ownTransaction.executeWithoutResult(status -> runOrganizations.registerOrganizations(runId));
        List<String> organizations = runOrganizations.organizationsToSnapshot(runId);
        // the members' roles only when the input asks for roles: reading them needs read:organization_member_roles
        boolean withRoles = memberRoles.anyWanted(runId);
        log.info("Reading the current members{} of {} organizations", withRoles ? " and their roles" : "",
                organizations.size());
        parallel.forEachInOrder(organizations, lanes(), organizationId -> snapshot(runId, organizationId, withRoles));
        return RepeatStatus.FINISHED;
    }

    /**
     * Organizations listed at once: enough to keep the member-read bucket busy at its pace with 0.3 s per answer,
     * and no more, so that they finish one after another and the add step can start on the first ones
     * (listed all at once, each would advance at a fraction of the pace and all would finish together, at the end).
     */
    private int lanes() {
        double perSecond = paces.perMinuteNow(Bucket.MEMBER_READS) / 60;
        return (int) Math.max(MIN_LANES, Math.min(concurrency, Math.ceil(perSecond * SECONDS_PER_ANSWER)));
    }

    private void snapshot(long runId, String organizationId, boolean withRoles) {
        AtomicLong listed = new AtomicLong();
        boolean exists = pager.forEachPage(organizationId, withRoles, page -> {
            listed.addAndGet(page.emailsById().size());
            ledger.markMembers(runId, organizationId, page.emailsById().keySet(), RowStatus.PENDING,
                    RowStatus.ALREADY_MEMBER, "already a member before this run; nothing sent");
            unlisted.recordUnlisted(runId, organizationId, page.emailsById());
            if (withRoles) {
                Map<String, List<RoleRef>> roles = new LinkedHashMap<>();
                page.rolesById().forEach((userId, listedRoles) -> roles.put(userId,
                        listedRoles.stream().map(role -> new RoleRef(role.id(), role.name())).toList()));
                memberRoles.recordCurrent(runId, organizationId, roles);
            }
        });
        if (!exists) {
            log.warn("Auth0 has no organization {}", organizationId);
            ledger.markOrganization(runId, organizationId, RowStatus.PENDING, RowStatus.UNKNOWN_ORGANIZATION,
                    "Auth0 has no organization " + organizationId + " (HTTP 404)");
        }
        runOrganizations.markSnapshotDone(runId, organizationId, exists ? listed.get() : null);
        if (exists) {
            flow.snapshotted(organizationId);
        }
    }
}
