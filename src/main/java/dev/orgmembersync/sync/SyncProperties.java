package dev.orgmembersync.sync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What to run and how (prefix {@code sync}).
 *
 * @param input the memberships CSV (required)
 * @param reportDir where report files go; default {@code reports/run-<run>}
 * @param dryRun true: no POST at all; rows that would be added become WOULD_ADD
 * @param concurrency requests in flight at once, all drawing from the same rate limiters
 * @param verify how long to wait for Auth0's eventually consistent member listing
 * @param sandbox start the built-in sandbox tenant and run against it
 * @param progress progress lines in the log for long runs
 * @param history how many runs of each input the job database keeps
 * @param users how rows that name their user by email are resolved to Auth0 user ids
 * @param mode {@code add} (only adds) or {@code mirror} (also removes the members of the input's organizations
 *        that the input does not list, within {@code mirror}'s guard rails)
 * @param mirror the guard rails of {@code mirror} mode
 * @param invite invitations for rows by email that have no Auth0 account
 */
@Validated
@ConfigurationProperties("sync")
public record SyncProperties(
        Path input,
        Path reportDir,
        @DefaultValue("false") boolean dryRun,
        @DefaultValue("32") @Min(1) @Max(128) int concurrency,
        @Valid @DefaultValue Verify verify,
        @DefaultValue("false") boolean sandbox,
        @Valid @DefaultValue Progress progress,
        @Valid @DefaultValue History history,
        @Valid @DefaultValue Users users,
        @DefaultValue("add") Mode mode,
        @Valid @DefaultValue Mirror mirror,
        @Valid @DefaultValue Invite invite) {

    /** What a run may change: {@code add} only adds, {@code mirror} also removes. */
    public enum Mode {
        ADD, MIRROR
    }

    /**
     * @param maxRemovals most members one organization may lose in one run; more candidates hold every removal
     *        there (REMOVAL_HELD, exit code 2)
     * @param maxRemovalPercent most members one organization may lose in one run, in percent of its members
     *        before the run; more hold every removal there
     * @param keep members never removed: user ids, emails, or {@code connection:<name>} for every member whose
     *        account is on that connection (break-glass administrators, service accounts)
     * @param maxRoleRemovals most organization roles one organization's members may lose in one run (rows with a
     *        {@code roles} value); more hold every role removal there (REMOVAL_HELD, exit code 2)
     */
    public record Mirror(@DefaultValue("100") @Min(0) int maxRemovals,
            @DefaultValue("10") @Min(0) @Max(100) int maxRemovalPercent,
            @DefaultValue List<String> keep,
            @DefaultValue("100") @Min(0) int maxRoleRemovals) {

        /** A keep entry that protects every account on a connection. */
        public static final String CONNECTION_PREFIX = "connection:";

        public Mirror {
            keep = keep == null ? List.of() : keep.stream().map(String::trim).filter(entry -> !entry.isEmpty()).toList();
            for (String entry : keep) {
                if (entry.startsWith(CONNECTION_PREFIX) && entry.length() == CONNECTION_PREFIX.length()) {
                    throw new IllegalArgumentException("sync.mirror.keep: '" + entry + "' names no connection");
                }
            }
        }
    }

    /**
     * @param rechecks extra listings of an organization whose added members do not all show yet
     * @param recheckDelay wait before the first recheck; doubles for each further one
     */
    public record Verify(@DefaultValue("3") @Min(0) @Max(10) int rechecks, @DefaultValue("2s") Duration recheckDelay) {
    }

    /**
     * @param lookup {@code auto}, {@code export} or {@code by-email}: auto looks emails up one by one up to
     *        {@code export-threshold} distinct emails, and exports the tenant's users above it
     * @param exportThreshold most distinct emails that {@code auto} looks up one by one
     * @param connection the connection whose account is taken when several accounts share an email
     * @param exportPollInterval first wait between polls of the export job; doubles up to a minute
     * @param exportTimeout longest wait for the export job in one run (Auth0 gives up on an export after 8 hours);
     *        the next run goes on polling the same job
     */
    public record Users(@DefaultValue("auto") Lookup lookup, @DefaultValue("500") @Min(0) int exportThreshold,
            String connection, @DefaultValue("2s") Duration exportPollInterval,
            @DefaultValue("8h") Duration exportTimeout) {

        /** The connection as a filter: null when not set. */
        public String connectionFilter() {
            return connection == null || connection.isBlank() ? null : connection.trim();
        }
    }

    /**
     * @param enabled invite each (organization, email) that has no Auth0 account, instead of reporting UNKNOWN_USER
     * @param clientId the application the invitation link logs into (required when enabled)
     * @param inviterName the inviter's name shown in the invitation email (required when enabled)
     * @param connectionId the connection the invitee signs up with; unset: the user picks one
     * @param ttl how long an invitation is valid: Auth0's {@code ttl_sec}, at most 30 days
     * @param sendEmail whether Auth0 emails the invitation (false: the tenant's owner sends the link)
     */
    public record Invite(@DefaultValue("false") boolean enabled, String clientId, String inviterName,
            String connectionId, @DefaultValue("7d") Duration ttl, @DefaultValue("true") boolean sendEmail) {

        /** Auth0's longest invitation ({@code ttl_sec} at most 30 days). */
        public static final Duration MAX_TTL = Duration.ofDays(30);

        /**
         * The options' problems, in words naming each option, or empty: checked at start-up when invitations are
         * enabled, before any call.
         */
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (!enabled) {
                return problems;
            }
            if (clientId == null || clientId.isBlank()) {
                problems.add("sync.invite.client-id is required when sync.invite.enabled=true (the application the"
                        + " invitation link logs into)");
            }
            if (inviterName == null || inviterName.isBlank()) {
                problems.add("sync.invite.inviter-name is required when sync.invite.enabled=true (the name the"
                        + " invitation email shows)");
            }
            if (ttl == null || ttl.toSeconds() < 1 || ttl.compareTo(MAX_TTL) > 0) {
                problems.add("sync.invite.ttl must be from 1s to 30d (Auth0's ttl_sec limit), got "
                        + (ttl == null ? "nothing" : ttl.toString().substring(2).toLowerCase(Locale.ROOT)));
            }
            return problems;
        }

        /** The connection id, or null when not set. */
        public String connection() {
            return connectionId == null || connectionId.isBlank() ? null : connectionId.trim();
        }
    }

    /** How emails become user ids. */
    public enum Lookup {
        AUTO, EXPORT, BY_EMAIL
    }

    /**
     * @param enabled log a progress line every interval and at each phase change ({@code --quiet} turns it off)
     * @param interval time between progress lines
     */
    public record Progress(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration interval) {
    }

    /**
     * @param keepRuns runs of each input kept (the current one included): ledger tables, report directories
     *        (the default per-run ones) and job records; older ones are dropped when a new run starts. The
     *        previous run's rejected ids are what sends them alone first, so 1 loses that.
     */
    public record History(@DefaultValue("10") @Min(1) int keepRuns) {
    }
}
