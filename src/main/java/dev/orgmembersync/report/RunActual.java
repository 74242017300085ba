package dev.orgmembersync.report;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What the run did, beside its {@link RunPlan} (summary.json {@code actual}): {@code apiSeconds} measured from the
 * first Management API call this process sent to the last answer (null before any call), the calls per bucket
 * (every attempt, those of earlier attempts of a resumed run included), and {@code refusedBatchCalls}, the calls
 * spent because Auth0 refused a batch for users that do not exist (lookups, resends and halves; not the refused
 * call itself).
 */
@JsonPropertyOrder({ "apiSeconds", "buckets", "refusedBatchCalls" })
public record RunActual(Double apiSeconds, List<BucketCalls> buckets, long refusedBatchCalls) {

    /** {@code perMinuteAtEnd}: the pace the bucket ended at, what Auth0's answers showed it to allow. */
    @JsonPropertyOrder({ "bucket", "calls", "perMinuteAtEnd" })
    public record BucketCalls(String bucket, long calls, long perMinuteAtEnd) {
    }
}
