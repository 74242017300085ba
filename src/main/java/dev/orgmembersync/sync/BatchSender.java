package dev.orgmembersync.sync;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.AddOutcome;
import dev.orgmembersync.auth0.ManagementApi;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.RowStatus;

/**
 * Sends one batch and records its outcome in the ledger at once, in its own transaction, so a restart
 * never re-sends a batch Auth0 confirmed. Only an answer about users not existing splits a batch: the ids
 * Auth0's message names are dropped and the rest resent at once; when it names none, the batch is halved
 * until the bad ids stand alone. Any other refusal fails the batch as a whole, since splitting cannot help.
 */
class BatchSender {

    private static final Logger log = LoggerFactory.getLogger(BatchSender.class);

    private final ManagementApi api;
    private final Ledger ledger;

    BatchSender(ManagementApi api, Ledger ledger) {
        this.api = api;
        this.ledger = ledger;
    }

    void send(long runId, MemberBatch batch) {
        AddOutcome outcome = api.addMembers(batch.organizationId(), batch.userIds());
        if (outcome instanceof AddOutcome.Added) {
            ledger.markLines(runId, batch.lines(), RowStatus.PENDING, RowStatus.SENT, "Auth0 accepted the add (HTTP 204)");
        }
        else if (outcome instanceof AddOutcome.UnknownUsers unknown) {
            sendWithoutUnknownUsers(runId, batch, unknown);
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

    private void sendWithoutUnknownUsers(long runId, MemberBatch batch, AddOutcome.UnknownUsers unknown) {
        if (!unknown.named().isEmpty()) {
            MemberBatch named = select(batch, unknown.named(), true);
            log.warn("Auth0 named {} of a batch of {} for {} as unknown ({}); resending the other {}", named.size(),
                    batch.size(), batch.organizationId(), unknown.reason(), batch.size() - named.size());
            ledger.markLines(runId, named.lines(), RowStatus.PENDING, RowStatus.UNKNOWN_USER,
                    "Auth0 named this user id when refusing a batch of " + batch.size() + " (" + unknown.reason() + ")");
            if (named.size() < batch.size()) {
                send(runId, select(batch, unknown.named(), false));
            }
        }
        else if (batch.size() > 1) {
            log.info("Auth0 rejected a batch of {} for {} ({}); splitting it to find the bad ids", batch.size(),
                    batch.organizationId(), unknown.reason());
            send(runId, batch.half(true));
            send(runId, batch.half(false));
        }
        else {
            log.warn("Auth0 rejected user {} for {}: {}", batch.userIds().get(0), batch.organizationId(),
                    unknown.reason());
            ledger.markLines(runId, batch.lines(), RowStatus.PENDING, RowStatus.UNKNOWN_USER,
                    "Auth0 rejected this user id when sent alone (" + unknown.reason() + ")");
        }
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
