package dev.orgmembersync.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.Invitation;
import dev.orgmembersync.auth0.InvitationOutcome;
import dev.orgmembersync.auth0.InvitationRequest;
import dev.orgmembersync.auth0.InvitationApi;
import dev.orgmembersync.auth0.TenantUnavailableException;
import dev.orgmembersync.ledger.Invitations;
import dev.orgmembersync.ledger.Invitations.Invitee;
import dev.orgmembersync.ledger.Invitations.Recorded;
import dev.orgmembersync.ledger.RowStatus;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * {@code inviteUsersStep} ({@code sync.invite.enabled}): each (organization, email) that no Auth0 account has is
 * invited once. Per organization, its invitations are listed once; an email with a valid one is ALREADY_INVITED, the
 * others are invited (INVITED), or WOULD_INVITE in a dry run. Never twice: the pair is marked SENDING in the ledger
 * before the POST and recorded the moment Auth0 answers, and a pair left SENDING by a killed process is looked up in
 * the listing (made after the restart) before anything is sent again. The first invitation of a run goes out alone:
 * a 400 to it (no default login route, a client or connection not enabled for organizations) would be the same for
 * every row, so the invitations stop there and the remaining rows become FAILED with Auth0's message.
 */
class Inviter implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(Inviter.class);

    static final String INVITED = "invitations.invited";
    static final String ALREADY_INVITED = "invitations.alreadyInvited";
    static final String WOULD_INVITE = "invitations.wouldInvite";
    static final String FAILED = "invitations.failed";
    /** Sends of one invitation whose answer was unclear (5xx, network) before the run stops. */
    private static final int UNCLEAR_ATTEMPTS = 3;

    private final Invitations invitations;
    private final InvitationApi api;
    private final ParallelCalls parallel;
    private final SyncProperties.Invite settings;
    private final Clock clock;

    Inviter(Invitations invitations, InvitationApi api, ParallelCalls parallel, SyncProperties.Invite settings,
            Clock clock) {
        this.invitations = invitations;
        this.api = api;
        this.parallel = parallel;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        if (!settings.enabled()) {
            return RepeatStatus.FINISHED;
        }
        StepExecution step = contribution.getStepExecution();
        List<Invitee> invitees = invitations.invitees(RunIds.of(step));
        if (invitees.isEmpty()) {
            return RepeatStatus.FINISHED;
        }
        boolean dryRun = Boolean.parseBoolean(step.getJobParameters().getString(MemberSyncJobConfiguration.DRY_RUN));
        log.info("{} without an Auth0 account: listing their organizations' invitations{}",
                invitees.size() == 1 ? "1 organization and email" : invitees.size() + " organization and email pairs",
                dryRun ? " (dry run: none is sent)" : ", then inviting the rest");
        Map<String, List<Invitee>> byOrganization = new LinkedHashMap<>();
        invitees.forEach(invitee -> byOrganization.computeIfAbsent(invitee.organizationId(), org -> new ArrayList<>())
                .add(invitee));
        Run run = new Run(RunIds.of(step), dryRun, clock.instant());
        try {
            parallel.forEach(byOrganization.entrySet(), organization -> run.organization(organization.getKey(),
                    organization.getValue()));
        }
        finally {
            run.addCounts(step.getExecutionContext());
        }
        return RepeatStatus.FINISHED;
    }

    /** One attempt of the step: its counts, the stop after a refused invitation, the first call sent alone. */
    private final class Run {

        private final long runId;
        private final boolean dryRun;
        private final Instant now;
        private final AtomicInteger invited = new AtomicInteger();
        private final AtomicInteger alreadyInvited = new AtomicInteger();
        private final AtomicInteger wouldInvite = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final InvitationSender sender;

        Run(long runId, boolean dryRun, Instant now) {
            this.runId = runId;
            this.dryRun = dryRun;
            this.now = now;
            this.sender = new InvitationSender(api, invitations, runId);
        }

        void organization(String organizationId, List<Invitee> invitees) {
            InvitationListing listing = InvitationListing.of(api, organizationId, now);
            if (listing == null) {
                log.warn("Auth0 has no organization {}", organizationId);
                invitees.forEach(invitee -> invitations.markRows(runId, invitee, RowStatus.UNKNOWN_ORGANIZATION,
                        "Auth0 has no organization " + organizationId + " (HTTP 404)"));
                return;
            }
            for (Invitee invitee : invitees) {
                handle(invitee, listing);
            }
        }

        private void handle(Invitee invitee, InvitationListing listing) {
            Optional<Recorded> recorded = invitations.recorded(invitee.organizationId(), invitee.email());
            Invitation live = listing.valid(invitee.email());
            boolean sending = recorded.map(Recorded::sending).orElse(false);
            if (live != null) {
                if (sending) {
                    // our POST went through before the process stopped: it is this job's invitation
                    created(invitee, live, " (created before the job was stopped; found in Auth0's invitations)");
                    return;
                }
                mark(invitee, RowStatus.ALREADY_INVITED, describe(live), alreadyInvited);
                return;
            }
            if (recorded.isPresent() && recorded.get().isValidAt(now)) {
                Recorded ours = recorded.get();
                mark(invitee, RowStatus.ALREADY_INVITED, describe(new Invitation(ours.invitationId(), invitee.email(),
                        ours.expiresAt())) + " (created by this job in run " + ours.runId()
                        + "; not in Auth0's listing of the organization's invitations)", alreadyInvited);
                return;
            }
            if (sending && listing.capped()) {
                mark(invitee, RowStatus.FAILED, "an invitation may have been created before the job was stopped, and"
                        + " Auth0 lists only the first " + InvitationListing.CAP + " invitations of this organization:"
                        + " not sent again; check the organization's invitations in Auth0", failed);
                return;
            }
            if (dryRun) {
                mark(invitee, RowStatus.WOULD_INVITE, "no Auth0 account has this email; a real run invites it",
                        wouldInvite);
                return;
            }
            create(invitee);
        }

        private void create(Invitee invitee) {
            InvitationRequest request = new InvitationRequest(settings.inviterName().trim(), invitee.email(),
                    settings.clientId().trim(), settings.connection(), settings.ttl().toSeconds(), settings.sendEmail());
            String unclear = null;
            for (int attempt = 1; attempt <= UNCLEAR_ATTEMPTS; attempt++) {
                InvitationOutcome outcome = sender.send(invitee, request);
                if (outcome == null) {
                    mark(invitee, RowStatus.FAILED, "invitation not sent: Auth0 refused an earlier one of this run ("
                            + sender.stoppedBecause() + ")", failed);
                    return;
                }
                if (outcome instanceof InvitationOutcome.Created created) {
                    created(invitee, created.invitation(), "");
                    return;
                }
                if (outcome instanceof InvitationOutcome.Refused refused) {
                    invitations.forgetSending(invitee.organizationId(), invitee.email());
                    mark(invitee, RowStatus.FAILED, "Auth0 refused the invitation: " + refused.reason(), failed);
                    return;
                }
                unclear = ((InvitationOutcome.Unclear) outcome).reason();
                // It may exist now: look before sending it again.
                InvitationListing listing = InvitationListing.of(api, invitee.organizationId(), clock.instant());
                Invitation found = listing == null ? null : listing.valid(invitee.email());
                if (found != null) {
                    created(invitee, found, " (found in Auth0's invitations after an unclear answer: " + unclear + ")");
                    return;
                }
                if (listing == null || listing.capped()) {
                    break;
                }
            }
            throw new TenantUnavailableException("Auth0 gave no clear answer to the invitation of line " + invitee.line()
                    + " (" + unclear + "); the run stops so that no invitation is sent twice: run it again, it looks"
                    + " at the organization's invitations before sending");
        }

        private void created(Invitee invitee, Invitation invitation, String note) {
            invitations.recordCreated(invitee.organizationId(), invitee.email(), invitation.id(), invitation.expiresAt(),
                    runId);
            mark(invitee, RowStatus.INVITED, describe(invitation) + note, invited);
        }

        private void mark(Invitee invitee, RowStatus status, String detail, AtomicInteger counter) {
            invitations.markRows(runId, invitee, status, detail);
            counter.incrementAndGet();
        }

        void addCounts(ExecutionContext context) {
            add(context, INVITED, invited);
            add(context, ALREADY_INVITED, alreadyInvited);
            add(context, WOULD_INVITE, wouldInvite);
            add(context, FAILED, failed);
        }
    }

    private static void add(ExecutionContext context, String key, AtomicInteger count) {
        context.putInt(key, context.getInt(key, 0) + count.get());
    }

    private static String describe(Invitation invitation) {
        return "invitation " + invitation.id() + (invitation.expiresAt() == null ? "" : ", expires "
                + invitation.expiresAt());
    }
}
