package dev.orgmembersync.sync;

import java.nio.file.Path;
import java.time.Duration;

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
 * @param reportDir where report files go; default {@code reports/run-<execution id>}
 * @param dryRun true: no POST at all; rows that would be added become WOULD_ADD
 * @param concurrency requests in flight at once, all drawing from the same rate limiters
 * @param verify how long to wait for Auth0's eventually consistent member listing
 * @param sandbox start the built-in sandbox tenant and run against it
 * @param progress progress lines in the log for long runs
 * @param history how many runs of each input the job database keeps
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
        @Valid @DefaultValue History history) {

    /**
     * @param rechecks extra listings of an organization whose added members do not all show yet
     * @param recheckDelay wait before the first recheck; doubles for each further one
     */
    public record Verify(@DefaultValue("3") @Min(0) @Max(10) int rechecks, @DefaultValue("2s") Duration recheckDelay) {
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
