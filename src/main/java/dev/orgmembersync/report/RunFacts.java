package dev.orgmembersync.report;

import java.time.Instant;

/**
 * What the report page says about the run besides its counts.
 *
 * @param exitCode the process's exit code for this outcome
 * @param input the input file as given
 * @param inputSha256 the input's content fingerprint (the job parameter {@code input.sha256})
 * @param tenant the Management API base URL, without credentials
 * @param mode {@code add} (the only mode today) or {@code mirror}
 * @param dryRun true: nothing was written to Auth0
 * @param start when this execution started
 * @param end when the page was made
 * @param earlierCalls API calls of earlier attempts of a resumed run, which the timeline cannot show (0: none)
 */
public record RunFacts(int exitCode, String input, String inputSha256, String tenant, String mode, boolean dryRun,
        Instant start, Instant end, long earlierCalls) {
}
