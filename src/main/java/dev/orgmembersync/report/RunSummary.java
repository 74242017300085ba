package dev.orgmembersync.report;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The content of summary.json: the contract schedulers and scripts read. {@code phases} gives the seconds
 * each step of this execution took (steps finished in an earlier attempt of a resumed run are absent); {@code plan}
 * is the forecast made before the writes (null when the run stopped before it), {@code actual} what happened.
 */
@JsonPropertyOrder({ "status", "rows", "counts", "api", "users", "durationSeconds", "phases", "organizations", "plan",
        "actual" })
public record RunSummary(String status, long rows, Map<String, Long> counts, Api api, Users users,
        double durationSeconds, Map<String, Double> phases, List<Organization> organizations, RunPlan plan,
        RunActual actual) {

    /** A summary without a plan (the run stopped before making one) or the actual figures. */
    public RunSummary(String status, long rows, Map<String, Long> counts, Api api, Users users, double durationSeconds,
            Map<String, Double> phases, List<Organization> organizations) {
        this(status, rows, counts, api, users, durationSeconds, phases, organizations, null, null);
    }

    /** The same summary with the plan made before the writes and what the run actually did. */
    public RunSummary withPlan(RunPlan newPlan, RunActual newActual) {
        return new RunSummary(status, rows, counts, api, users, durationSeconds, phases, organizations, newPlan,
                newActual);
    }

    public static final String COMPLETED = "COMPLETED";
    public static final String COMPLETED_WITH_REJECTIONS = "COMPLETED_WITH_REJECTIONS";
    public static final String FAILED = "FAILED";

    /** The same summary with another status (a failed run reports the counts it reached). */
    public RunSummary withStatus(String newStatus) {
        return new RunSummary(newStatus, rows, counts, api, users, durationSeconds, phases, organizations, plan,
                actual);
    }

    /** Calls made (every attempt), 429 answers seen, and retries. */
    @JsonPropertyOrder({ "calls", "throttled", "retries" })
    public record Api(long calls, long throttled, long retries) {
    }

    /**
     * How rows by email were resolved: {@code lookup} is {@code by-email}, {@code export} or {@code none} (no row
     * named its user by email); rows resolved, AMBIGUOUS_USER and UNKNOWN_USER; the export's seconds from its
     * start to the end of its download, null when no export was used; the invitations for rows without an account.
     */
    @JsonPropertyOrder({ "lookup", "resolved", "ambiguous", "unknown", "exportSeconds", "invitations" })
    public record Users(String lookup, long resolved, long ambiguous, long unknown, Double exportSeconds,
            Invitations invitations) {

        /** Without invitations (none enabled or none needed). */
        public Users(String lookup, long resolved, long ambiguous, long unknown, Double exportSeconds) {
            this(lookup, resolved, ambiguous, unknown, exportSeconds, new Invitations(0, 0, 0, 0));
        }
    }

    /**
     * Invitations of (organization, email) pairs without an account ({@code sync.invite.enabled}): created
     * (INVITED), found valid in Auth0 (ALREADY_INVITED), a dry run's WOULD_INVITE, and refused or not sent (FAILED).
     * Each pair counts once, however many rows name it.
     */
    @JsonPropertyOrder({ "invited", "alreadyInvited", "wouldInvite", "failed" })
    public record Invitations(long invited, long alreadyInvited, long wouldInvite, long failed) {
    }

    @JsonPropertyOrder({ "id", "rows", "counts" })
    public record Organization(String id, long rows, Map<String, Long> counts) {
    }
}
