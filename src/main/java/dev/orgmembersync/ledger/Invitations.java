package dev.orgmembersync.ledger;

import static dev.orgmembersync.ledger.RowStatus.DUPLICATE;
import static dev.orgmembersync.ledger.RowStatus.UNKNOWN_USER;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The invitations side of the ledger: which (organization, email) pairs of a run need one, and in the shared table
 * {@code sync_invitation} every invitation this job created or was creating, across runs. A pair is marked SENDING
 * before its POST and CREATED the moment Auth0 answers, so a process killed in between leaves SENDING behind and
 * the next attempt looks in Auth0's listing before it sends anything. Each call commits on its own (autocommit).
 */
@Repository
public class Invitations {

    static final String SENDING = "SENDING";
    static final String CREATED = "CREATED";

    private final JdbcTemplate jdbc;

    public Invitations(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** One (organization, email) of a run with no account: its first line, and the email lower-cased. */
    public record Invitee(String organizationId, String email, long line) {
    }

    /**
     * What this job holds about a pair: SENDING (the POST may have been applied) or created, with Auth0's id and
     * expiry (null if unknown), and the run that did it.
     */
    public record Recorded(boolean sending, String invitationId, Instant expiresAt, long runId) {

        /** A created invitation that can still be accepted at {@code now} (one without a known expiry counts). */
        public boolean isValidAt(Instant now) {
            return !sending && (expiresAt == null || expiresAt.isAfter(now));
        }
    }

    /** Rows by email that no account has (UNKNOWN_USER), one per (organization, lower-cased email), in line order. */
    public List<Invitee> invitees(long runId) {
        return jdbc.query("SELECT organization_id, LOWER(email), MIN(line) FROM " + Ledger.table(runId)
                + " WHERE status = " + UNKNOWN_USER.quoted() + " AND user_id IS NULL AND email IS NOT NULL"
                + " AND organization_id IS NOT NULL"
                + " GROUP BY organization_id, LOWER(email) ORDER BY organization_id, 3",
                (rs, i) -> new Invitee(rs.getString(1), rs.getString(2), rs.getLong(3)));
    }

    public Optional<Recorded> recorded(String organizationId, String email) {
        return jdbc.query("SELECT state, invitation_id, expires_at, run_id FROM sync_invitation WHERE organization_id = ?"
                + " AND email = ?", (rs, i) -> new Recorded(SENDING.equals(rs.getString(1)), rs.getString(2),
                        instant(rs.getString(3)), rs.getLong(4)), organizationId, email).stream().findFirst();
    }

    /** Committed before the POST: from here on, the pair may have an invitation that this job has not seen. */
    public void markSending(String organizationId, String email, long runId) {
        upsert(organizationId, email, SENDING, null, null, runId);
    }

    /** Committed the moment Auth0 answers (or its listing shows the invitation). */
    public void recordCreated(String organizationId, String email, String invitationId, Instant expiresAt, long runId) {
        upsert(organizationId, email, CREATED, invitationId, expiresAt, runId);
    }

    /** Auth0 refused the POST: nothing was created, so the pair holds no invitation of ours. */
    public void forgetSending(String organizationId, String email) {
        jdbc.update("DELETE FROM sync_invitation WHERE organization_id = ? AND email = ? AND state = ?", organizationId,
                email, SENDING);
    }

    private void upsert(String organizationId, String email, String state, String invitationId, Instant expiresAt,
            long runId) {
        String expires = expiresAt == null ? null : expiresAt.toString();
        int updated = jdbc.update("UPDATE sync_invitation SET state = ?, invitation_id = ?, expires_at = ?, run_id = ?"
                + " WHERE organization_id = ? AND email = ?", state, Ledger.fit(invitationId, 100), expires, runId,
                organizationId, email);
        if (updated == 0) {
            jdbc.update("INSERT INTO sync_invitation (organization_id, email, state, invitation_id, expires_at, run_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", organizationId, email, state, Ledger.fit(invitationId, 100), expires,
                    runId);
        }
    }

    /**
     * Gives the pair's first line {@code status} and {@code detail}; its other UNKNOWN_USER lines (the same
     * organization and email, in any case) become DUPLICATE pointing at it.
     */
    public void markRows(long runId, Invitee invitee, RowStatus status, String detail) {
        String table = Ledger.table(runId);
        jdbc.update("UPDATE " + table + " SET status = " + DUPLICATE.quoted() + ", detail = ? WHERE organization_id = ?"
                + " AND LOWER(email) = ? AND line <> ? AND status = " + UNKNOWN_USER.quoted() + " AND user_id IS NULL",
                Ledger.fit("same organization and email as line " + invitee.line() + "; " + detail, 2000),
                invitee.organizationId(), invitee.email(), invitee.line());
        // the first line last: a crash in between leaves it UNKNOWN_USER, so a restart finds the pair again
        jdbc.update("UPDATE " + table + " SET status = ?, detail = ? WHERE line = ? AND status = " + UNKNOWN_USER.quoted(),
                status.name(), Ledger.fit(detail, 2000), invitee.line());
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        }
        catch (DateTimeParseException ex) {
            return null;
        }
    }
}
