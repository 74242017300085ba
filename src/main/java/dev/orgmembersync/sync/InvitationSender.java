package dev.orgmembersync.sync;

import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.InvitationApi;
import dev.orgmembersync.auth0.InvitationOutcome;
import dev.orgmembersync.auth0.InvitationRequest;
import dev.orgmembersync.ledger.Invitations;
import dev.orgmembersync.ledger.Invitations.Invitee;

/**
 * Sends the invitations of one attempt of the invite step. Each (organization, email) is marked SENDING in the
 * ledger before its POST, so a restart never sends it blindly again. Until Auth0 has accepted one, calls go out one
 * at a time, so that a refusal that would hit every row is met once; after a 400 nothing more is sent.
 */
final class InvitationSender {

    private static final Logger log = LoggerFactory.getLogger(InvitationSender.class);

    private final InvitationApi api;
    private final Invitations invitations;
    private final long runId;
    /** Auth0's reason for refusing an invitation; once set, no more are sent. */
    private final AtomicReference<String> stopped = new AtomicReference<>();
    /** Whether Auth0 has accepted an invitation in this attempt: until then they go out one at a time. */
    private volatile boolean accepted;

    InvitationSender(InvitationApi api, Invitations invitations, long runId) {
        this.api = api;
        this.invitations = invitations;
        this.runId = runId;
    }

    /** Marks the pair SENDING, then sends; null when invitations have stopped. */
    InvitationOutcome send(Invitee invitee, InvitationRequest request) {
        if (accepted) {
            return sendNow(invitee, request);
        }
        synchronized (this) {
            return sendNow(invitee, request);
        }
    }

    /** Why invitations stopped (Auth0's answer to a refused one), null while they go on. */
    String stoppedBecause() {
        return stopped.get();
    }

    private InvitationOutcome sendNow(Invitee invitee, InvitationRequest request) {
        if (stopped.get() != null) {
            return null;
        }
        invitations.markSending(invitee.organizationId(), invitee.email(), runId);
        InvitationOutcome outcome = api.invite(invitee.organizationId(), request);
        if (outcome instanceof InvitationOutcome.Created) {
            accepted = true;
        }
        if (outcome instanceof InvitationOutcome.Refused refused && refused.status() == 400
                && stopped.compareAndSet(null, refused.reason())) {
            log.error("Auth0 refused to create an invitation ({}): no more invitations are sent in this run, and"
                    + " the rows still to invite are FAILED. Check sync.invite.client-id (the application must"
                    + " allow organizations), sync.invite.connection-id (enabled for the organization) and the"
                    + " application's default login route", refused.reason());
        }
        return outcome;
    }
}
