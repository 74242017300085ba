package dev.orgmembersync.ledger;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Every state change of a run's rows, as set-based SQL. Updates only move rows forward from the state the
 * caller expects (e.g. PENDING to ALREADY_MEMBER), so repeating one after a restart changes nothing.
 */
@Repository
public class Ledger {

    private static final int MAX_TEXT = 2000;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    public Ledger(DataSource dataSource) {
        LedgerSchema.create(dataSource);
        this.jdbc = new JdbcTemplate(dataSource);
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    public void insert(long runId, List<LedgerEntry> entries) {
        jdbc.batchUpdate("INSERT INTO sync_ledger (run_id, line, organization_id, organization_name, user_id, status, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", entries, entries.size(), (ps, entry) -> {
                    ps.setLong(1, runId);
                    ps.setLong(2, entry.line());
                    ps.setString(3, fit(entry.organizationId(), 80));
                    ps.setString(4, fit(entry.organizationName(), 80));
                    ps.setString(5, fit(entry.userId(), 300));
                    ps.setString(6, entry.status().name());
                    ps.setString(7, fit(entry.detail(), MAX_TEXT));
                });
    }

    /** Later copies of the same organization and user become DUPLICATE, naming the first line. */
    public int markDuplicates(long runId) {
        return jdbc.update("""
                UPDATE sync_ledger d SET status = 'DUPLICATE',
                    detail = 'same organization and user as line ' || CAST((SELECT MIN(f.line) FROM sync_ledger f
                        WHERE f.run_id = d.run_id AND f.organization_id = d.organization_id AND f.user_id = d.user_id
                        AND f.status <> 'INVALID') AS VARCHAR(20)) || '; handled there'
                WHERE d.run_id = ? AND d.status = 'PENDING' AND d.line > (SELECT MIN(f.line) FROM sync_ledger f
                    WHERE f.run_id = d.run_id AND f.organization_id = d.organization_id AND f.user_id = d.user_id
                    AND f.status <> 'INVALID')""", runId);
    }

    /** Organization names still waiting for an id. */
    public List<String> unresolvedNames(long runId) {
        return jdbc.queryForList("SELECT DISTINCT organization_name FROM sync_ledger WHERE run_id = ? AND status = 'PENDING'"
                + " AND organization_id IS NULL AND organization_name IS NOT NULL ORDER BY organization_name", String.class, runId);
    }

    public void resolveName(long runId, String name, String organizationId) {
        jdbc.update("UPDATE sync_ledger SET organization_id = ? WHERE run_id = ? AND status = 'PENDING'"
                + " AND organization_id IS NULL AND organization_name = ?", organizationId, runId, name);
    }

    public void markUnknownName(long runId, String name, String detail) {
        jdbc.update("UPDATE sync_ledger SET status = 'UNKNOWN_ORGANIZATION', detail = ? WHERE run_id = ?"
                + " AND status = 'PENDING' AND organization_id IS NULL AND organization_name = ?", fit(detail, MAX_TEXT), runId, name);
    }

    /** Registers the organizations that have rows to check; idempotent. */
    public void registerOrganizations(long runId) {
        jdbc.update("""
                INSERT INTO sync_organization (run_id, organization_id, snapshot_done)
                SELECT DISTINCT l.run_id, l.organization_id, FALSE FROM sync_ledger l
                WHERE l.run_id = ? AND l.status = 'PENDING' AND NOT EXISTS (SELECT 1 FROM sync_organization o
                    WHERE o.run_id = l.run_id AND o.organization_id = l.organization_id)""", runId);
    }

    public List<String> organizationsToSnapshot(long runId) {
        return jdbc.queryForList("SELECT organization_id FROM sync_organization WHERE run_id = ? AND snapshot_done = FALSE"
                + " ORDER BY organization_id", String.class, runId);
    }

    public void markSnapshotDone(long runId, String organizationId) {
        jdbc.update("UPDATE sync_organization SET snapshot_done = TRUE WHERE run_id = ? AND organization_id = ?", runId,
                organizationId);
    }

    /** Moves this organization's rows for the given members from {@code from} to {@code to}. */
    public int markMembers(long runId, String organizationId, Collection<String> userIds, RowStatus from, RowStatus to,
            String detail) {
        if (userIds.isEmpty()) {
            return 0;
        }
        // One index lookup per id (run, organization, user): H2 does not use an IN list on the index's last column.
        String fitted = fit(detail, MAX_TEXT);
        int[][] counts = jdbc.batchUpdate("UPDATE sync_ledger SET status = ?, detail = ? WHERE run_id = ?"
                + " AND organization_id = ? AND user_id = ? AND status = ?", userIds, userIds.size(), (ps, userId) -> {
                    ps.setString(1, to.name());
                    ps.setString(2, fitted);
                    ps.setLong(3, runId);
                    ps.setString(4, organizationId);
                    ps.setString(5, userId);
                    ps.setString(6, from.name());
                });
        return sum(counts);
    }

    /** Moves every row of the organization in state {@code from} to {@code to}. */
    public int markOrganization(long runId, String organizationId, RowStatus from, RowStatus to, String detail) {
        return jdbc.update("UPDATE sync_ledger SET status = ?, detail = ? WHERE run_id = ? AND organization_id = ?"
                + " AND status = ?", to.name(), fit(detail, MAX_TEXT), runId, organizationId, from.name());
    }

    /** Moves the given lines (of one batch) from {@code from} to {@code to}. */
    public int markLines(long runId, Collection<Long> lines, RowStatus from, RowStatus to, String detail) {
        // One primary-key lookup per line: H2 does not use "line IN (...)" on the second key column and would
        // scan every row of the run for each batch (quadratic in the input size).
        String fitted = fit(detail, MAX_TEXT);
        int[][] counts = jdbc.batchUpdate("UPDATE sync_ledger SET status = ?, detail = ? WHERE run_id = ? AND line = ?"
                + " AND status = ?", lines, lines.size(), (ps, line) -> {
                    ps.setString(1, to.name());
                    ps.setString(2, fitted);
                    ps.setLong(3, runId);
                    ps.setLong(4, line);
                    ps.setString(5, from.name());
                });
        return sum(counts);
    }

    private static int sum(int[][] counts) {
        int total = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                total += Math.max(0, count);
            }
        }
        return total;
    }

    /** Records members that Auth0 lists but the input does not; repeats are ignored. */
    public void recordUnlisted(long runId, String organizationId, List<String> memberIds) {
        // Per id, with index lookups only (an IN list would scan the organization's rows for every page).
        jdbc.batchUpdate("INSERT INTO sync_unlisted (run_id, organization_id, user_id) SELECT ?, ?, ? WHERE NOT EXISTS"
                + " (SELECT 1 FROM sync_unlisted WHERE run_id = ? AND organization_id = ? AND user_id = ?) AND NOT EXISTS"
                + " (SELECT 1 FROM sync_ledger WHERE run_id = ? AND organization_id = ? AND user_id = ?"
                + " AND status <> 'INVALID')", memberIds,
                memberIds.size(), (ps, id) -> {
                    ps.setLong(1, runId);
                    ps.setString(2, organizationId);
                    ps.setString(3, fit(id, 300));
                    ps.setLong(4, runId);
                    ps.setString(5, organizationId);
                    ps.setString(6, fit(id, 300));
                    ps.setLong(7, runId);
                    ps.setString(8, organizationId);
                    ps.setString(9, id);
                });
    }

    public List<String> organizationsWith(long runId, RowStatus status) {
        return jdbc.queryForList("SELECT DISTINCT organization_id FROM sync_ledger WHERE run_id = ? AND status = ?"
                + " ORDER BY organization_id", String.class, runId, status.name());
    }

    public long count(long runId, String organizationId, RowStatus status) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM sync_ledger WHERE run_id = ? AND organization_id = ?"
                + " AND status = ?", Long.class, runId, organizationId, status.name());
        return count == null ? 0 : count;
    }

    public int markAll(long runId, RowStatus from, RowStatus to, String detail) {
        return jdbc.update("UPDATE sync_ledger SET status = ?, detail = ? WHERE run_id = ? AND status = ?", to.name(),
                fit(detail, MAX_TEXT), runId, from.name());
    }

    /** Streams the rows in line order, then the unlisted members, without loading them all. */
    public void forEachReportLine(long runId, java.util.function.Consumer<LedgerEntry> consumer) {
        jdbc.query("SELECT line, organization_id, organization_name, user_id, status, detail FROM sync_ledger"
                + " WHERE run_id = ? ORDER BY line", (RowCallbackHandler) rs -> consumer.accept(new LedgerEntry(
                        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), RowStatus.valueOf(rs.getString(5)),
                        rs.getString(6))), runId);
        jdbc.query("SELECT organization_id, user_id FROM sync_unlisted WHERE run_id = ? ORDER BY organization_id, user_id",
                (RowCallbackHandler) rs -> consumer.accept(new LedgerEntry(0, rs.getString(1), null, rs.getString(2),
                        RowStatus.UNLISTED_MEMBER, "a member in Auth0 but not in the input; left as it is")), runId);
    }

    /** Rows per status (unlisted members included), in the enum's order. */
    public Map<RowStatus, Long> countsByStatus(long runId) {
        Map<RowStatus, Long> counts = new LinkedHashMap<>();
        jdbc.query("SELECT status, COUNT(*) FROM sync_ledger WHERE run_id = ? GROUP BY status",
                (RowCallbackHandler) rs -> counts.put(RowStatus.valueOf(rs.getString(1)), rs.getLong(2)), runId);
        long unlisted = unlistedCount(runId);
        if (unlisted > 0) {
            counts.put(RowStatus.UNLISTED_MEMBER, unlisted);
        }
        return ordered(counts);
    }

    /** Rows per organization and status, for every organization id that rows name validly. */
    public Map<String, Map<RowStatus, Long>> countsByOrganization(long runId) {
        Map<String, Map<RowStatus, Long>> byOrg = new LinkedHashMap<>();
        jdbc.query("SELECT organization_id, status, COUNT(*) FROM sync_ledger WHERE run_id = ? AND status <> 'INVALID'"
                + " AND organization_id IS NOT NULL GROUP BY organization_id, status ORDER BY organization_id",
                (RowCallbackHandler) rs -> byOrg.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                        .put(RowStatus.valueOf(rs.getString(2)), rs.getLong(3)), runId);
        jdbc.query("SELECT organization_id, COUNT(*) FROM sync_unlisted WHERE run_id = ? GROUP BY organization_id",
                (RowCallbackHandler) rs -> byOrg.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                        .put(RowStatus.UNLISTED_MEMBER, rs.getLong(2)), runId);
        byOrg.replaceAll((org, counts) -> ordered(counts));
        return byOrg;
    }

    private long unlistedCount(long runId) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM sync_unlisted WHERE run_id = ?", Long.class, runId);
        return count == null ? 0 : count;
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

    static String fit(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 3) + "...";
    }
}
