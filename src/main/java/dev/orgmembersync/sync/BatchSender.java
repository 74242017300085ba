package dev.orgmembersync.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.AddOutcome;
import dev.orgmembersync.auth0.ManagementApi;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.RowStatus;

/**
 * Sends one batch and records its outcome in the ledger at once, in its own transaction, so a restart
 * never re-sends a batch Auth0 confirmed. A batch rejected because of a bad id is halved until the bad
 * ids stand alone: the good ids are still added.
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
        else if (outcome instanceof AddOutcome.RejectedIds rejected && batch.size() > 1) {
            log.info("Auth0 rejected a batch of {} for {} ({}); splitting it to find the bad ids", batch.size(),
                    batch.organizationId(), rejected.reason());
            send(runId, batch.half(true));
            send(runId, batch.half(false));
        }
        else if (outcome instanceof AddOutcome.RejectedIds rejected) {
            log.warn("Auth0 rejected user {} for {}: {}", batch.userIds().get(0), batch.organizationId(),
                    rejected.reason());
            ledger.markLines(runId, batch.lines(), RowStatus.PENDING, RowStatus.UNKNOWN_USER,
                    "Auth0 rejected this user id (" + rejected.reason() + ")");
        }
        else if (outcome instanceof AddOutcome.UnknownOrganization unknown) {
            ledger.markLines(runId, batch.lines(), RowStatus.PENDING, RowStatus.UNKNOWN_ORGANIZATION,
                    "Auth0 has no organization " + batch.organizationId() + " (" + unknown.reason() + ")");
        }
        else if (outcome instanceof AddOutcome.Failed failed) {
            log.warn("Could not add {} ids to {}: {}", batch.size(), batch.organizationId(), failed.reason());
            ledger.markLines(runId, batch.lines(), RowStatus.PENDING, RowStatus.FAILED, "not added: " + failed.reason());
        }
    }
}
