package dev.orgmembersync.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.AddOutcome;
import dev.orgmembersync.auth0.ManagementApi;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.RowStatus;

/**
 * Sends one batch and records its outcome in the ledger at once, in its own transaction, so a restart
 * never re-sends a batch Auth0 confirmed. Only an answer about users not existing splits a batch: the ids
 * Auth0's message names are dropped and the rest resent at once; when it names none, the {@link UnknownUserFinder}
 * looks the ids up outside the member-write bucket and the existing ones are resent once, so the refusal costs
 * one more member write; only when the lookups cannot decide is the batch halved until the bad ids stand alone.
 * Any other refusal fails the batch as a whole, since splitting cannot help.
 */
class BatchSender {

    private static final Logger log = LoggerFactory.getLogger(BatchSender.class);

    /** A first send may look up the ids of a refused batch; a resend or a half was already looked at. */
    private enum Attempt { FIRST, FOLLOW_UP }

    private final ManagementApi api;
    private final Ledger ledger;
    private final UnknownUserFinder finder;
    private final RefusedBatchCalls refusedBatchCalls;

    BatchSender(ManagementApi api, Ledger ledger, UnknownUserFinder finder, RefusedBatchCalls refusedBatchCalls) {
        this.api = api;
        this.ledger = ledger;
        this.finder = finder;
        this.refusedBatchCalls = refusedBatchCalls;
    }

    void send(long runId, MemberBatch batch) {
        send(runId, batch, Attempt.FIRST);
    }

    private void send(long runId, MemberBatch batch, Attempt attempt) {
        if (attempt == Attempt.FOLLOW_UP) {
            refusedBatchCalls.spent();
        }
        AddOutcome outcome = api.addMembers(batch.organizationId(), batch.userIds());
        if (outcome instanceof AddOutcome.Added) {
            ledger.markLines(runId, batch.lines(), RowStatus.PENDING, RowStatus.SENT, "Auth0 accepted the add (HTTP 204)");
        }
        else if (outcome instanceof AddOutcome.UnknownUsers unknown) {
            sendWithoutUnknownUsers(runId, batch, unknown, attempt);
        }
        else if (outcome instanceof AddOutcome.UnknownOrganization unknown) {
            ledger.markLines(runId, batch.lines(), RowStatus.PENDING, RowStatus.UNKNOWN_ORGANIZATION,
                    "Auth0 has no organization " + batch.organizationId() + " (" + unknown.reason() + ")");
        }
        else if (outcome instanceof AddOutcome.Refused refused) {
            log.warn("Auth0 refused a batch of {} for {} ({}); its answer names no user, so the batch is not split",
                    batch.size(), batch.organizationId(), refused.reason());
            ledger.markLines(runId, batch.lines(), RowStatus.PENDING, RowStatus.FAILED, "not added: Auth0 refused the"
                    + " whole batch of " + batch.size() + " (" + refused.reason() + "); its answer names no user");
        }
        else if (outcome instanceof AddOutcome.Failed failed) {
            log.warn("Could not add {} ids to {}: {}", batch.size(), batch.organizationId(), failed.reason());
            ledger.markLines(runId, batch.lines(), RowStatus.PENDING, RowStatus.FAILED, "not added: " + failed.reason());
        }
    }

    private void sendWithoutUnknownUsers(long runId, MemberBatch batch, AddOutcome.UnknownUsers unknown,
            Attempt attempt) {
        if (!unknown.named().isEmpty()) {
            MemberBatch named = select(batch, unknown.named(), true);
            log.warn("Auth0 named {} of a batch of {} for {} as unknown ({}); resending the other {}", named.size(),
                    batch.size(), batch.organizationId(), unknown.reason(), batch.size() - named.size());
            ledger.markLines(runId, named.lines(), RowStatus.PENDING, RowStatus.UNKNOWN_USER,
                    "Auth0 named this user id when refusing a batch of " + batch.size() + " (" + unknown.reason() + ")");
            if (named.size() < batch.size()) {
                send(runId, select(batch, unknown.named(), false), Attempt.FOLLOW_UP);
            }
        }
        else if (batch.size() > 1) {
            boolean decided = attempt == Attempt.FIRST && finder.worthLookingUp(batch.size())
                    && sentWithoutLookedUpUnknowns(runId, batch, unknown);
            if (!decided) {
                log.info("Auth0 rejected a batch of {} for {} ({}); splitting it to find the bad ids", batch.size(),
                        batch.organizationId(), unknown.reason());
                send(runId, batch.half(true), Attempt.FOLLOW_UP);
                send(runId, batch.half(false), Attempt.FOLLOW_UP);
            }
        }
        else {
            log.warn("Auth0 rejected user {} for {}: {}", batch.userIds().get(0), batch.organizationId(),
                    unknown.reason());
            ledger.markLines(runId, batch.lines(), RowStatus.PENDING, RowStatus.UNKNOWN_USER,
                    "Auth0 rejected this user id when sent alone (" + unknown.reason() + ")");
        }
    }

    /**
     * Looks the batch's ids up; when that decides, marks the unknown ones and resends the rest once.
     *
     * @return false when the lookups could not decide (nothing recorded; the caller halves the batch)
     */
    private boolean sentWithoutLookedUpUnknowns(long runId, MemberBatch batch, AddOutcome.UnknownUsers refusal) {
        Optional<List<String>> unknownIds = finder.unknownIds(batch.organizationId(), batch.userIds());
        if (unknownIds.isEmpty()) {
            return false;
        }
        MemberBatch unknown = select(batch, unknownIds.get(), true);
        log.warn("Auth0 rejected a batch of {} for {} ({}); {} of its users do not exist (GET /api/v2/users/{id}"
                + " answered 404); resending the other {}", batch.size(), batch.organizationId(), refusal.reason(),
                unknown.size(), batch.size() - unknown.size());
        ledger.markLines(runId, unknown.lines(), RowStatus.PENDING, RowStatus.UNKNOWN_USER, "Auth0 refused a batch of "
                + batch.size() + " (" + refusal.reason() + ") and answered 404 to GET /api/v2/users/{id} for this id");
        if (unknown.size() < batch.size()) {
            send(runId, select(batch, unknownIds.get(), false), Attempt.FOLLOW_UP);
        }
        return true;
    }

    /** The rows of {@code batch} whose id is (or, with {@code keep} false, is not) in {@code ids}, in batch order. */
    private static MemberBatch select(MemberBatch batch, List<String> ids, boolean keep) {
        List<Long> lines = new ArrayList<>();
        List<String> userIds = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (ids.contains(batch.userIds().get(i)) == keep) {
                lines.add(batch.lines().get(i));
                userIds.add(batch.userIds().get(i));
            }
        }
        return new MemberBatch(batch.organizationId(), lines, userIds);
    }
}
