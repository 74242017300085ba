package dev.orgmembersync.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.orgmembersync.auth0.Bucket;
import dev.orgmembersync.auth0.Paces;

/**
 * The forecast of a run (summary.json {@code plan}), made once the current members are known and before the first
 * write: the calls per rate-limit bucket over the whole run (those already made included, the token excluded: it is
 * not paced), the pace of each, and {@code apiSeconds}, the time from the first to the last Management API call.
 * <p>
 * The model follows what the job does: its steps run one after another, and within a step each bucket's calls leave
 * evenly spaced at its pace, the buckets of one step side by side. So a step lasts as long as its slowest bucket
 * ({@code calls / perMinute}), or as long as the tenant-wide limit needs for all its calls when that is slower, and
 * {@code apiSeconds} is the sum over the steps. Latency, waits for Auth0's eventual consistency and 429s caused by
 * other clients are not in it.
 */
@JsonPropertyOrder({ "apiSeconds", "buckets" })
public record RunPlan(double apiSeconds, List<BucketPlan> buckets) {

    /** The name of the tenant-wide bucket's entry, when {@code sync.rate-limit.tenant.per-second} is set. */
    public static final String TENANT = "tenant";

    /** One bucket: its calls over the whole run, the pace kept, and the seconds those calls take at that pace. */
    @JsonPropertyOrder({ "bucket", "calls", "perMinute", "seconds" })
    public record BucketPlan(String bucket, long calls, double perMinute, double seconds) {
    }

    /**
     * The plan of a run whose steps make {@code phases} calls (one map per step in run order, bucket to calls),
     * at the paces of {@code paces}.
     */
    public static RunPlan of(List<Map<Bucket, Long>> phases, Paces paces) {
        Map<Bucket, Long> total = new EnumMap<>(Bucket.class);
        double apiSeconds = 0;
        long allCalls = 0;
        for (Map<Bucket, Long> phase : phases) {
            double slowest = 0;
            long phaseCalls = 0;
            for (Map.Entry<Bucket, Long> calls : phase.entrySet()) {
                if (calls.getValue() > 0) {
                    total.merge(calls.getKey(), calls.getValue(), Long::sum);
                    slowest = Math.max(slowest, seconds(calls.getValue(), paces.perMinute(calls.getKey())));
                    phaseCalls += calls.getValue();
                }
            }
            if (paces.tenantPerSecond() > 0) {
                slowest = Math.max(slowest, phaseCalls / paces.tenantPerSecond());
            }
            apiSeconds += slowest;
            allCalls += phaseCalls;
        }
        List<BucketPlan> buckets = new ArrayList<>();
        total.forEach((bucket, calls) -> buckets.add(new BucketPlan(name(bucket), calls, paces.perMinute(bucket),
                round(seconds(calls, paces.perMinute(bucket))))));
        if (paces.tenantPerSecond() > 0 && allCalls > 0) {
            double perMinute = paces.tenantPerSecond() * 60;
            buckets.add(new BucketPlan(TENANT, allCalls, perMinute, round(seconds(allCalls, perMinute))));
        }
        return new RunPlan(round(apiSeconds), buckets);
    }

    /** summary.json's name of a bucket, as the {@code bucket} tag of the {@code orgsync.api.calls} meter. */
    public static String name(Bucket bucket) {
        return bucket.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The log line: {@code plan: 1,234 member writes, 310 member reads; about 6 min 20 s at 200 writes/min}.
     */
    @JsonIgnore
    public String describe() {
        List<String> parts = new ArrayList<>();
        BucketPlan pacing = null;
        for (BucketPlan bucket : buckets) {
            if (!bucket.bucket().equals(TENANT)) {
                parts.add(String.format(Locale.ROOT, "%,d %s", bucket.calls(), words(bucket.bucket())));
            }
            if (pacing == null || bucket.seconds() > pacing.seconds()) {
                pacing = bucket;
            }
        }
        String pace = pacing == null ? "" : " at " + perMinute(pacing.perMinute()) + " " + unit(pacing.bucket())
                + "/min";
        return "plan: " + (parts.isEmpty() ? "no Management API calls" : String.join(", ", parts)) + "; about "
                + human(apiSeconds) + pace;
    }

    private static String words(String bucket) {
        return switch (bucket) {
            case "member_writes" -> "member writes";
            case "member_reads" -> "member reads";
            case "organizations_by_name" -> "organization lookups by name";
            case "users" -> "user lookups by email";
            case "user_reads" -> "user reads";
            case "roles" -> "role lookups by name";
            case "member_roles" -> "member role changes";
            default -> bucket + " calls";
        };
    }

    private static String unit(String bucket) {
        return switch (bucket) {
            case "member_writes" -> "writes";
            case "member_reads" -> "reads";
            case TENANT -> "calls";
            default -> words(bucket);
        };
    }

    private static String perMinute(double perMinute) {
        return perMinute == Math.rint(perMinute) ? String.format(Locale.ROOT, "%,d", (long) perMinute)
                : String.format(Locale.ROOT, "%,.1f", perMinute);
    }

    /** "45 s", "6 min 20 s", "2 h 05 min". */
    public static String human(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    private static double seconds(long calls, double perMinute) {
        return calls * 60.0 / perMinute;
    }

    static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
