package dev.orgmembersync.report;

import java.nio.file.Path;
import java.util.Map;

/** The few lines printed at the end of a run, for the person (or the cron mail) reading stdout. */
public final class HumanSummary {

    private HumanSummary() {
    }

    public static String format(RunSummary summary, Path reportDirectory) {
        StringBuilder out = new StringBuilder();
        out.append("org-member-sync ").append(summary.status()).append(": ").append(summary.rows()).append(" rows, ")
                .append(summary.organizations().size()).append(" organizations in ")
                .append(summary.durationSeconds()).append(" s\n");
        for (Map.Entry<String, Long> count : summary.counts().entrySet()) {
            out.append(String.format("  %-22s %d%n", count.getKey(), count.getValue()));
        }
        out.append("  API calls ").append(summary.api().calls()).append(", throttled (429) ")
                .append(summary.api().throttled()).append(", retries ").append(summary.api().retries()).append('\n');
        out.append("  report: ").append(reportDirectory.resolve(ReportWriter.RECONCILIATION_CSV)).append(", ")
                .append(reportDirectory.resolve(ReportWriter.SUMMARY_JSON)).append(", ")
                .append(reportDirectory.resolve(ReportWriter.REPORT_HTML));
        return out.toString();
    }
}
