package dev.orgmembersync.report;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The content of summary.json: the contract schedulers and scripts read. {@code phases} gives the seconds
 * each step of this execution took (steps finished in an earlier attempt of a resumed run are absent).
 */
@JsonPropertyOrder({ "status", "rows", "counts", "api", "durationSeconds", "phases", "organizations" })
public record RunSummary(String status, long rows, Map<String, Long> counts, Api api, double durationSeconds,
        Map<String, Double> phases, List<Organization> organizations) {

    public static final String COMPLETED = "COMPLETED";
    public static final String COMPLETED_WITH_REJECTIONS = "COMPLETED_WITH_REJECTIONS";
    public static final String FAILED = "FAILED";

    /** The same summary with another status (a failed run reports the counts it reached). */
    public RunSummary withStatus(String newStatus) {
        return new RunSummary(newStatus, rows, counts, api, durationSeconds, phases, organizations);
    }

    /** Calls made (every attempt), 429 answers seen, and retries. */
    @JsonPropertyOrder({ "calls", "throttled", "retries" })
    public record Api(long calls, long throttled, long retries) {
    }

    @JsonPropertyOrder({ "id", "rows", "counts" })
    public record Organization(String id, long rows, Map<String, Long> counts) {
    }
}
