package dev.orgmembersync.ledger;

import static dev.orgmembersync.ledger.RowStatus.INVALID;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * The ledger read for the report, the report page, the plan and the progress lines: counts, names and the rows in
 * line order. It changes nothing; the state changes are {@link Ledger}'s.
 */
@Repository
public class LedgerView {

    private final JdbcTemplate jdbc;

    public LedgerView(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Members each snapshotted organization had before the run (absent where an older version took the snapshot). */
    public Map<String, Long> membersListed(long runId) {
        return RunOrganizations.membersListed(jdbc, runId);
    }

    /** The organization name the input gave for each resolved organization id (rows that named it by id have none). */
    public Map<String, String> organizationNames(long runId) {
        Map<String, String> names = new LinkedHashMap<>();
        jdbc.query("SELECT organization_id, MIN(organization_name) FROM " + Ledger.table(runId) + " WHERE organization_id IS NOT NULL"
                + " AND organization_name <> '' GROUP BY organization_id",
                (RowCallbackHandler) rs -> names.put(rs.getString(1), rs.getString(2)));
        return names;
    }

    /** The first {@code limit} rows, in line order, whose status makes the run end with exit code 2. */
    public List<LedgerEntry> firstRejections(long runId, int limit) {
        String statuses = Arrays.stream(RowStatus.values()).filter(RowStatus::isRejection)
                .map(status -> "'" + status.name() + "'").collect(Collectors.joining(", "));
        return jdbc.query("SELECT line, organization_id, organization_name, user_id, status, detail FROM " + Ledger.table(runId)
                + " WHERE status IN (" + statuses + ") ORDER BY line FETCH FIRST " + limit + " ROWS ONLY",
                (rs, i) -> new LedgerEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        RowStatus.valueOf(rs.getString(5)), rs.getString(6)));
    }

    /** Streams the rows in line order, then the unlisted members, without loading them all. */
    public void forEachReportLine(long runId, Consumer<LedgerEntry> consumer) {
        // Rows whose roles the job set show the roles after the run, and what changed after their detail.
        jdbc.query("SELECT l.line, l.organization_id, l.organization_name, l.user_id, l.status, CASE WHEN r.role_change IS"
                + " NULL THEN l.detail WHEN l.detail IS NULL THEN r.role_change ELSE l.detail || '; ' || r.role_change END,"
                + " l.email, COALESCE(r.roles_after, l.roles) FROM " + Ledger.table(runId) + " l LEFT JOIN sync_row_roles r"
                + " ON r.run_id = ? AND r.line = l.line AND r.done = TRUE ORDER BY l.line",
                (RowCallbackHandler) rs -> consumer.accept(new LedgerEntry(
                        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), RowStatus.valueOf(rs.getString(5)),
                        rs.getString(6), rs.getString(7), rs.getString(8))), runId);
        jdbc.query("SELECT organization_id, user_id, " + Ledger.UNLISTED_STATUS + ", detail, email FROM sync_unlisted"
                + " WHERE run_id = ? ORDER BY organization_id, user_id",
                (RowCallbackHandler) rs -> consumer.accept(new LedgerEntry(0, rs.getString(1), null, rs.getString(2),
                        RowStatus.valueOf(rs.getString(3)), rs.getString(4) != null ? rs.getString(4)
                                : "a member in Auth0 but not in the input; left as it is", rs.getString(5), null)), runId);
    }

    /** Rows of the input (members found only in Auth0 not counted). */
    public long inputRows(long runId) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + Ledger.table(runId), Long.class);
        return count == null ? 0 : count;
    }

    /** Rows of the input per organization id that rows name validly (members found only in Auth0 not counted). */
    public Map<String, Long> inputRowsByOrganization(long runId) {
        Map<String, Long> rows = new LinkedHashMap<>();
        jdbc.query("SELECT organization_id, COUNT(*) FROM " + Ledger.table(runId) + " WHERE status <> " + INVALID.quoted()
                + " AND organization_id IS NOT NULL GROUP BY organization_id",
                (RowCallbackHandler) rs -> rows.put(rs.getString(1), rs.getLong(2)));
        return rows;
    }

    /** Rows per status (unlisted members included), in the enum's order. */
    public Map<RowStatus, Long> countsByStatus(long runId) {
        Map<RowStatus, Long> counts = inputCountsByStatus(runId);
        jdbc.query("SELECT " + Ledger.UNLISTED_STATUS + ", COUNT(*) FROM sync_unlisted WHERE run_id = ? GROUP BY "
                + Ledger.UNLISTED_STATUS, (RowCallbackHandler) rs -> counts.merge(RowStatus.valueOf(rs.getString(1)),
                        rs.getLong(2), Long::sum), runId);
        return ordered(counts);
    }

    /** Input rows per status (members found only in Auth0 not counted), in the enum's order. */
    public Map<RowStatus, Long> inputCountsByStatus(long runId) {
        Map<RowStatus, Long> counts = new LinkedHashMap<>();
        jdbc.query("SELECT status, COUNT(*) FROM " + Ledger.table(runId) + " GROUP BY status",
                (RowCallbackHandler) rs -> counts.put(RowStatus.valueOf(rs.getString(1)), rs.getLong(2)));
        return ordered(counts);
    }

    /** Rows per organization and status, for every organization id that rows name validly. */
    public Map<String, Map<RowStatus, Long>> countsByOrganization(long runId) {
        Map<String, Map<RowStatus, Long>> byOrg = new LinkedHashMap<>();
        jdbc.query("SELECT organization_id, status, COUNT(*) FROM " + Ledger.table(runId) + " WHERE status <> "
                + INVALID.quoted() + " AND organization_id IS NOT NULL GROUP BY organization_id, status ORDER BY organization_id",
                (RowCallbackHandler) rs -> byOrg.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                        .put(RowStatus.valueOf(rs.getString(2)), rs.getLong(3)));
        jdbc.query("SELECT organization_id, " + Ledger.UNLISTED_STATUS + ", COUNT(*) FROM sync_unlisted WHERE run_id = ?"
                + " GROUP BY organization_id, " + Ledger.UNLISTED_STATUS,
                (RowCallbackHandler) rs -> byOrg.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                        .merge(RowStatus.valueOf(rs.getString(2)), rs.getLong(3), Long::sum), runId);
        byOrg.replaceAll((org, counts) -> ordered(counts));
        return byOrg;
    }

    private static Map<RowStatus, Long> ordered(Map<RowStatus, Long> counts) {
        Map<RowStatus, Long> ordered = new LinkedHashMap<>();
        for (RowStatus status : RowStatus.values()) {
            if (counts.containsKey(status)) {
                ordered.put(status, counts.get(status));
            }
        }
        return ordered;
    }
}
