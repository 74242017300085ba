package dev.orgmembersync.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.orgmembersync.ledger.LedgerView;
import dev.orgmembersync.ledger.RowStatus;

/**
 * Writes {@code reconciliation.csv} (one line per input row, then one per unlisted member),
 * {@code summary.json} and {@code report.html}. Files are written under a temporary name and moved into place, so a reader never
 * sees half a report.
 */
public class ReportWriter {

    public static final String RECONCILIATION_CSV = "reconciliation.csv";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String REPORT_HTML = "report.html";
    /** New columns go at the end: scripts that read the first five keep working. */
    static final String[] HEADER = { "line", "organization_id", "user_id", "status", "detail", "organization_name",
            "email", "roles" };

    private final LedgerView ledger;
    private final JsonMapper json;
    private final ReportPageRenderer pageRenderer = new ReportPageRenderer();

    public ReportWriter(LedgerView ledger, JsonMapper json) {
        this.ledger = ledger;
        this.json = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    /** Counts the run's rows into a summary; the status follows from the counts. */
    public RunSummary summarize(long runId, RunSummary.Api api, RunSummary.Users users, double durationSeconds,
            Map<String, Double> phases) {
        Map<RowStatus, Long> counts = ledger.countsByStatus(runId);
        long rows = ledger.inputRows(runId);
        boolean rejections = counts.keySet().stream().anyMatch(RowStatus::isRejection);
        List<RunSummary.Organization> organizations = new ArrayList<>();
        Map<String, Long> rowsByOrganization = ledger.inputRowsByOrganization(runId);
        ledger.countsByOrganization(runId).forEach((id, byStatus) -> organizations.add(new RunSummary.Organization(id,
                rowsByOrganization.getOrDefault(id, 0L), names(byStatus))));
        return new RunSummary(rejections ? RunSummary.COMPLETED_WITH_REJECTIONS : RunSummary.COMPLETED, rows,
                names(counts), api, users, round(durationSeconds), phases, organizations);
    }

    public void writeReconciliation(long runId, Path directory) {
        write(directory.resolve(RECONCILIATION_CSV), out -> {
            try (ICSVWriter csv = new CSVWriter(out)) {
                csv.writeNext(HEADER, false);
                ledger.forEachReportLine(runId, entry -> csv.writeNext(new String[] {
                        entry.line() == 0 ? "" : Long.toString(entry.line()),
                        nullToEmpty(entry.organizationId()),
                        nullToEmpty(entry.userId()), entry.status().name(), nullToEmpty(entry.detail()),
                        nullToEmpty(entry.organizationName()), nullToEmpty(entry.email()), nullToEmpty(entry.roles()) },
                        false));
            }
        });
    }

    public void writeSummary(RunSummary summary, Path directory) {
        write(directory.resolve(SUMMARY_JSON), out -> json.writeValue(out, summary));
    }

    public void writePage(ReportPage page, Path directory) {
        write(directory.resolve(REPORT_HTML), out -> pageRenderer.render(page, out));
    }

    private interface Content {
        void writeTo(Writer out) throws IOException;
    }

    private static void write(Path target, Content content) {
        try {
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                content.writeTo(out);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("could not write " + target + ": " + ex.getMessage(), ex);
        }
    }

    private static Map<String, Long> names(Map<RowStatus, Long> counts) {
        Map<String, Long> named = new LinkedHashMap<>();
        counts.forEach((status, count) -> named.put(status.name(), count));
        return named;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
