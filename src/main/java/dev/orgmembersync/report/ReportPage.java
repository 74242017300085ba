package dev.orgmembersync.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.orgmembersync.ledger.LedgerEntry;
import dev.orgmembersync.ledger.RowStatus;

/**
 * The model of {@code report.html}: one record per section, each holding display-ready text that the template
 * only places (and escapes). Numbers come from the {@link RunSummary} written to summary.json, so the two agree.
 * {@code forecast} puts the plan made before the writes beside what happened (null when the run made none).
 */
public record ReportPage(Header header, List<StatusTotal> totals, String rows, Organizations organizations,
        boolean dryRun, TimelineChart timeline, Rejections rejections, Forecast forecast) {

    /** Rejected rows listed on the page; the rest are in reconciliation.csv, which keeps the page small. */
    public static final int LISTED_REJECTIONS = 200;
    /** Organizations listed on the page (those needing attention first); summary.json has every one. */
    static final int LISTED_ORGANIZATIONS = 500;

    /** Statuses of the mirror and invitation modes, counted by name so the columns fill in once they exist. */
    static final String REMOVED = "REMOVED";
    static final String REMOVAL_HELD = "REMOVAL_HELD";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public static ReportPage of(RunSummary summary, RunFacts facts, Map<String, String> organizationNames,
            Map<String, Long> membersListed, List<LedgerEntry> firstRejections, TimelineChart timeline) {
        List<StatusTotal> totals = new ArrayList<>();
        summary.counts().forEach((status, count) -> totals.add(new StatusTotal(status, number(count))));
        long rejected = rejected(summary.counts());
        List<RejectedRow> listed = firstRejections.stream().map(ReportPage::rejectedRow).toList();
        return new ReportPage(header(summary, facts, rejected), totals, number(summary.rows()),
                organizations(summary, organizationNames, membersListed), facts.dryRun(), timeline,
                new Rejections(number(rejected), listed, number(rejected - listed.size()), rejected > listed.size()),
                forecast(summary.plan(), summary.actual()));
    }

    /** The plan beside what happened, one row per bucket either names; null when the run made no plan. */
    private static Forecast forecast(RunPlan plan, RunActual actual) {
        if (plan == null) {
            return null;
        }
        Map<String, Long> actualCalls = new java.util.LinkedHashMap<>();
        if (actual != null) {
            actual.buckets().forEach(bucket -> actualCalls.put(bucket.bucket(), bucket.calls()));
            actualCalls.put(RunPlan.TENANT, actual.buckets().stream().mapToLong(RunActual.BucketCalls::calls).sum());
        }
        List<ForecastRow> rows = new ArrayList<>();
        java.util.Set<String> shown = new java.util.HashSet<>();
        for (RunPlan.BucketPlan bucket : plan.buckets()) {
            shown.add(bucket.bucket());
            rows.add(new ForecastRow(bucket.bucket(), number(bucket.calls()), String.format(Locale.ROOT, "%,.1f/min",
                    bucket.perMinute()), String.format(Locale.ROOT, "%.1f s", bucket.seconds()),
                    actualCalls.containsKey(bucket.bucket()) ? number(actualCalls.get(bucket.bucket())) : "0"));
        }
        actualCalls.forEach((bucket, calls) -> {
            if (!shown.contains(bucket) && !bucket.equals(RunPlan.TENANT)) {
                rows.add(new ForecastRow(bucket, "0", "", "", number(calls)));
            }
        });
        Double measured = actual == null ? null : actual.apiSeconds();
        return new Forecast(String.format(Locale.ROOT, "%.1f s", plan.apiSeconds()), RunPlan.human(plan.apiSeconds()),
                measured == null ? "" : String.format(Locale.ROOT, "%.1f s", measured),
                measured == null ? "no call" : RunPlan.human(measured), rows,
                actual == null ? "0" : number(actual.refusedBatchCalls()));
    }

    private static Header header(RunSummary summary, RunFacts facts, long rejected) {
        return new Header(summary.status(), statusInWords(summary.status(), rejected), facts.exitCode(), facts.input(),
                facts.inputSha256(), facts.tenant(), facts.mode(), facts.dryRun() ? "dry run: nothing written to Auth0" : "",
                time(facts.start()), time(facts.end()), duration(summary.durationSeconds()),
                new ApiTotals(number(summary.api().calls()), number(summary.api().throttled()),
                        number(summary.api().retries())),
                facts.earlierCalls() > 0 ? number(facts.earlierCalls()) : null);
    }

    private static String statusInWords(String status, long rejected) {
        return switch (status) {
            case RunSummary.COMPLETED -> "Completed: every row is where it should be";
            case RunSummary.COMPLETED_WITH_REJECTIONS -> "Completed with rejections: " + number(rejected)
                    + (rejected == 1 ? " row needs" : " rows need") + " attention";
            case RunSummary.FAILED -> "Failed: the run stopped before the end; the same command resumes it";
            default -> status;
        };
    }

    /** One row per organization, those that need attention first: rejections, then held removals, then by id. */
    private static Organizations organizations(RunSummary summary, Map<String, String> names,
            Map<String, Long> membersListed) {
        record Sortable(long rejected, long held, OrganizationRow row) {
        }
        List<Sortable> rows = new ArrayList<>();
        for (RunSummary.Organization organization : summary.organizations()) {
            Map<String, Long> counts = organization.counts();
            long added = count(counts, RowStatus.ADDED.name()) + count(counts, RowStatus.WOULD_ADD.name());
            long removed = count(counts, REMOVED);
            long held = count(counts, REMOVAL_HELD);
            long rejected = rejected(counts);
            Long before = membersListed.get(organization.id());
            rows.add(new Sortable(rejected, held, new OrganizationRow(names.getOrDefault(organization.id(), ""),
                    organization.id(), before == null ? "?" : number(before),
                    before == null ? "?" : number(before + added - removed), number(added),
                    number(count(counts, RowStatus.ALREADY_MEMBER.name())), number(removed), number(held),
                    number(count(counts, RowStatus.INVITED.name()) + count(counts, RowStatus.WOULD_INVITE.name())),
                    number(rejected), rejected > 0 || held > 0)));
        }
        rows.sort(Comparator.comparingLong(Sortable::rejected).reversed().thenComparing(Comparator
                .comparingLong(Sortable::held).reversed()).thenComparing(sortable -> sortable.row().id()));
        List<OrganizationRow> listed = rows.stream().limit(LISTED_ORGANIZATIONS).map(Sortable::row).toList();
        return new Organizations(listed, number(rows.size() - listed.size()), rows.size() > listed.size());
    }

    private static RejectedRow rejectedRow(LedgerEntry entry) {
        // as the row named it: by id, else by name
        String organization = entry.organizationId() != null && !entry.organizationId().isEmpty() ? entry.organizationId()
                : entry.organizationName();
        return new RejectedRow(Long.toString(entry.line()), organization == null ? "" : organization,
                entry.userId() == null ? "" : entry.userId(), entry.status().name(),
                entry.detail() == null ? "" : entry.detail());
    }

    /** Rows whose status makes exit code 2; statuses this version does not know are not rejections. */
    private static long rejected(Map<String, Long> counts) {
        long rejected = 0;
        for (RowStatus status : RowStatus.values()) {
            if (status.isRejection()) {
                rejected += count(counts, status.name());
            }
        }
        return rejected;
    }

    private static long count(Map<String, Long> counts, String status) {
        return counts.getOrDefault(status, 0L);
    }

    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** "13.3 s", or "6 min 20 s (380.2 s)": the exact figure is the one summary.json has. */
    static String duration(double seconds) {
        String exact = String.format(Locale.ROOT, "%.1f s", seconds);
        if (seconds < 60) {
            return exact;
        }
        Duration d = Duration.ofMillis(Math.round(seconds * 1000));
        String words = d.toHours() > 0
                ? String.format(Locale.ROOT, "%d h %02d min %02d s", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
        return words + " (" + exact + ")";
    }

    /** {@code earlierCalls} is null unless the run resumed an attempt that had made calls. */
    public record Header(String status, String statusInWords, int exitCode, String input, String inputSha256,
            String tenant, String mode, String dryRunNote, String start, String end, String duration, ApiTotals api,
            String earlierCalls) {

        public boolean ok() {
            return RunSummary.COMPLETED.equals(status);
        }
    }

    public record ApiTotals(String calls, String throttled, String retries) {
    }

    /**
     * summary.json's {@code plan} beside its {@code actual}: the API time forecast and measured (exact and in words),
     * each bucket's planned and actual calls, and the calls spent on refused batches.
     */
    public record Forecast(String plannedApiSeconds, String plannedInWords, String actualApiSeconds,
            String actualInWords, List<ForecastRow> buckets, String refusedBatchCalls) {
    }

    /** One bucket: planned calls, the pace planned with, the seconds they take at it, and the calls made. */
    public record ForecastRow(String bucket, String plannedCalls, String pace, String plannedSeconds,
            String actualCalls) {
    }

    public record StatusTotal(String status, String count) {
    }

    public record OrganizationRow(String name, String id, String membersBefore, String membersAfter, String added,
            String alreadyMembers, String removed, String held, String invited, String rejected, boolean attention) {
    }

    /** {@code more} organizations beyond those listed are in summary.json. */
    public record Organizations(List<OrganizationRow> listed, String more, boolean hasMore) {
    }

    public record RejectedRow(String line, String organization, String user, String status, String detail) {
    }

    /** {@code more} rows beyond those listed are in reconciliation.csv. */
    public record Rejections(String total, List<RejectedRow> listed, String more, boolean hasMore) {

        public boolean hasListed() {
            return !listed.isEmpty();
        }

        public int limit() {
            return LISTED_REJECTIONS;
        }
    }
}
