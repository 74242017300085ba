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
 * Later sections (a plan beside what happened) are further components.
 */
public record ReportPage(Header header, List<StatusTotal> totals, String rows, Organizations organizations,
        boolean dryRun, TimelineChart timeline, Rejections rejections) {

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
                new Rejections(number(rejected), listed, number(rejected - listed.size()), rejected > listed.size()));
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
