package dev.orgmembersync.ledger;

import java.sql.ResultSet;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Every state change of a run's rows, as set-based SQL. Updates only move rows forward from the state the
 * caller expects (e.g. PENDING to ALREADY_MEMBER), so repeating one after a restart changes nothing.
 * <p>
 * Each run has its own table {@code sync_ledger_<run id>}, keyed by input line. It is staged without
 * secondary indexes and indexed once staging is done: building an index from a finished table is a sort,
 * while keeping it up to date row by row (the input is in no useful order) made the load nine times slower.
 * <p>
 * Statuses in SQL always come from {@link RowStatus}: bound as parameters, or where a statement cannot bind them
 * (inside a batch's subquery, an aggregate) written with {@link RowStatus#quoted()}, never typed as text, so that
 * renaming a constant cannot silently break a query.
 */
@Repository
public class Ledger {

    static final int MAX_TEXT = 2000;
    /** The status of a member found only in Auth0; rows recorded before mirror mode existed have none. */
    static final String UNLISTED_STATUS = "COALESCE(status, '" + RowStatus.UNLISTED_MEMBER.name() + "')";
    static final int MAX_EMAIL = 320;

    private final JdbcTemplate jdbc;

    public Ledger(DataSource dataSource) {
        LedgerSchema.create(dataSource);
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The run's table name; run ids are numbers, so it is safe to put in SQL. */
    static String table(long runId) {
        return "sync_ledger_" + runId;
    }

    /** Creates the run's table, without secondary indexes (see {@link #createIndexes}); idempotent. */
    public void createTable(long runId) {
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + table(runId) + " (line BIGINT NOT NULL PRIMARY KEY,"
                + " organization_id VARCHAR(80), organization_name VARCHAR(80), user_id VARCHAR(300),"
                + " status VARCHAR(32) NOT NULL, detail VARCHAR(2000))");
        // Rows by email (and their roles, for the report); added so that a run begun by an older version resumes.
        jdbc.execute("ALTER TABLE " + table(runId) + " ADD COLUMN IF NOT EXISTS email VARCHAR(" + MAX_EMAIL + ")");
        jdbc.execute("ALTER TABLE " + table(runId) + " ADD COLUMN IF NOT EXISTS roles VARCHAR(" + MAX_TEXT + ")");
    }

    /** Whether the current schema has the table (H2 keeps names upper case, PostgreSQL lower case). */
    private boolean hasTable(String name) {
        Boolean found = jdbc.execute((ConnectionCallback<Boolean>) connection -> {
            try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), connection.getSchema(),
                    "%", new String[] { "TABLE" })) {
                while (tables.next()) {
                    if (name.equalsIgnoreCase(tables.getString("TABLE_NAME"))) {
                        return true;
                    }
                }
                return false;
            }
        });
        return Boolean.TRUE.equals(found);
    }

    /**
     * Indexes the staged rows; idempotent. One index serves every lookup by organization and user and the add
     * step's pending pages; it leaves out the status, so moving a row from PENDING to SENT touches no index.
     */
    public void createIndexes(long runId) {
        String table = table(runId);
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + table + "_member ON " + table + " (organization_id, user_id, line)");
    }

    public void insert(long runId, List<LedgerEntry> entries) {
        jdbc.batchUpdate("INSERT INTO " + table(runId) + " (line, organization_id, organization_name, user_id, status, detail,"
                + " email, roles) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entries, entries.size(), (ps, entry) -> {
                    ps.setLong(1, entry.line());
                    ps.setString(2, fit(entry.organizationId(), 80));
                    ps.setString(3, fit(entry.organizationName(), 80));
                    ps.setString(4, fit(entry.userId(), 300));
                    ps.setString(5, entry.status().name());
                    ps.setString(6, fit(entry.detail(), MAX_TEXT));
                    ps.setString(7, fit(entry.email(), MAX_EMAIL));
                    ps.setString(8, fit(entry.roles(), MAX_TEXT));
                });
    }

    /**
     * Later copies of the same organization and user become DUPLICATE, naming the first line. Rows by email have no
     * user id until resolveUsersStep (which calls this again): skipping them spares one scan of their organization's
     * rows per row (26 s for 100,000 such rows on H2).
     */
    public int markDuplicates(long runId) {
        String table = table(runId);
        return jdbc.update("""
                UPDATE %1$s d SET status = ?,
                    detail = 'same organization and user as line ' || CAST((SELECT MIN(f.line) FROM %1$s f
                        WHERE f.organization_id = d.organization_id AND f.user_id = d.user_id
                        AND f.status <> ?) AS VARCHAR(20)) || '; handled there'
                WHERE d.status = ? AND d.user_id IS NOT NULL AND d.line > (SELECT MIN(f.line) FROM %1$s f
                    WHERE f.organization_id = d.organization_id AND f.user_id = d.user_id
                    AND f.status <> ?)""".formatted(table), RowStatus.DUPLICATE.name(), RowStatus.INVALID.name(),
                RowStatus.PENDING.name(), RowStatus.INVALID.name());
    }

    /** The first organization after {@code after} ({@code null}: from the start) with PENDING rows, or null. */
    public String nextPendingOrganization(long runId, String after) {
        List<String> ids = jdbc.queryForList("SELECT organization_id FROM " + table(runId) + " WHERE organization_id > ?"
                + " AND status = ? ORDER BY organization_id FETCH FIRST 1 ROWS ONLY", String.class,
                after == null ? "" : after, RowStatus.PENDING.name());
        return ids.isEmpty() ? null : ids.get(0);
    }

    /**
     * Up to {@code limit} PENDING rows of one organization that come after ({@code afterUser}, {@code afterLine})
     * in (user, line) order. The conditions give the index a start key, so a page never rescans rows an earlier
     * page returned, however large the organization. Each row says whether Auth0 rejected its user in this
     * organization in the run {@code previousRunId} (0: no previous run; one index lookup per row otherwise).
     */
    public List<PendingRow> pendingRows(long runId, long previousRunId, String organizationId, String afterUser,
            long afterLine, int limit) {
        String rejectedBefore = previousRunId == 0 ? "FALSE" : "EXISTS (SELECT 1 FROM " + table(previousRunId)
                + " p WHERE p.organization_id = l.organization_id AND p.user_id = l.user_id AND p.status = '"
                + RowStatus.UNKNOWN_USER.name() + "')";
        return jdbc.query("SELECT l.line, l.user_id, " + rejectedBefore + " FROM " + table(runId) + " l"
                + " WHERE l.organization_id = ? AND l.user_id >= ? AND (l.user_id > ? OR l.line > ?) AND l.status = ?"
                + " ORDER BY l.organization_id, l.user_id, l.line FETCH FIRST " + limit + " ROWS ONLY",
                (rs, i) -> new PendingRow(rs.getLong(1), organizationId, rs.getString(2), rs.getBoolean(3)),
                organizationId, afterUser, afterUser, afterLine, RowStatus.PENDING.name());
    }

    /**
     * Per organization with rows still to add or to confirm: its PENDING rows, how many of them name a user Auth0
     * rejected in that organization in the run {@code previousRunId} (0: none; they are sent alone), and its SENT
     * rows. For the forecast made before the writes.
     */
    public List<RowsToAdd> rowsToAdd(long runId, long previousRunId) {
        return rowsToAddOf(runId, previousRunId, null);
    }

    private List<RowsToAdd> rowsToAddOf(long runId, long previousRunId, String organizationId) {
        // the statuses are constants of RowStatus, so renaming one renames it here too
        String pending = "'" + RowStatus.PENDING.name() + "'";
        String sent = "'" + RowStatus.SENT.name() + "'";
        String rejectedBefore = previousRunId == 0 ? "0" : "CASE WHEN l.status = " + pending + " AND EXISTS (SELECT 1"
                + " FROM " + table(previousRunId) + " p WHERE p.organization_id = l.organization_id AND p.user_id ="
                + " l.user_id AND p.status = '" + RowStatus.UNKNOWN_USER.name() + "') THEN 1 ELSE 0 END";
        return jdbc.query("SELECT l.organization_id, SUM(CASE WHEN l.status = " + pending + " THEN 1 ELSE 0 END), SUM("
                + rejectedBefore + "), SUM(CASE WHEN l.status = " + sent + " THEN 1 ELSE 0 END) FROM " + table(runId)
                + " l WHERE l.status IN (" + pending + ", " + sent + ")"
                + (organizationId == null ? "" : " AND l.organization_id = ?")
                + " GROUP BY l.organization_id ORDER BY l.organization_id",
                (rs, i) -> new RowsToAdd(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)),
                organizationId == null ? new Object[0] : new Object[] { organizationId });
    }

    /** {@link #rowsToAdd} of one organization (no rows to add or confirm: zeros). */
    public RowsToAdd organizationRowsToAdd(long runId, long previousRunId, String organizationId) {
        List<RowsToAdd> rows = rowsToAddOf(runId, previousRunId, organizationId);
        return rows.isEmpty() ? new RowsToAdd(organizationId, 0, 0, 0) : rows.get(0);
    }

    /** See {@link #rowsToAdd}. */
    public record RowsToAdd(String organizationId, long pending, long rejectedBefore, long sent) {
    }

    /** Whether the run's table exists (a run of an earlier version, or one dropped from the history, has none). */
    public boolean hasRun(long runId) {
        return runId > 0 && hasTable(table(runId));
    }

    /**
     * Forgets a run: its table and its rows in the shared tables. Idempotent, so a history clean-up cut short
     * is simply done again.
     */
    public void dropRun(long runId) {
        jdbc.execute("DROP TABLE IF EXISTS " + table(runId));
        jdbc.execute("DROP TABLE IF EXISTS " + EmailAccounts.table(runId));
        jdbc.update("DELETE FROM sync_unlisted WHERE run_id = ?", runId);
        jdbc.update("DELETE FROM sync_row_roles WHERE run_id = ?", runId);
        jdbc.update("DELETE FROM sync_organization WHERE run_id = ?", runId);
    }

    /** Moves this organization's rows for the given members from {@code from} to {@code to}. */
    public int markMembers(long runId, String organizationId, Collection<String> userIds, RowStatus from, RowStatus to,
            String detail) {
        if (userIds.isEmpty()) {
            return 0;
        }
        // One index lookup per id (organization, user): H2 does not use an IN list on the index's last column.
        String fitted = fit(detail, MAX_TEXT);
        int[][] counts = jdbc.batchUpdate("UPDATE " + table(runId) + " SET status = ?, detail = ?"
                + " WHERE organization_id = ? AND user_id = ? AND status = ?", userIds, userIds.size(), (ps, userId) -> {
                    ps.setString(1, to.name());
                    ps.setString(2, fitted);
                    ps.setString(3, organizationId);
                    ps.setString(4, userId);
                    ps.setString(5, from.name());
                });
        return sum(counts);
    }

    /** Moves every row of the organization in state {@code from} to {@code to}. */
    public int markOrganization(long runId, String organizationId, RowStatus from, RowStatus to, String detail) {
        return jdbc.update("UPDATE " + table(runId) + " SET status = ?, detail = ? WHERE organization_id = ?"
                + " AND status = ?", to.name(), fit(detail, MAX_TEXT), organizationId, from.name());
    }

    /** Moves the given lines (of one batch) from {@code from} to {@code to}. */
    public int markLines(long runId, Collection<Long> lines, RowStatus from, RowStatus to, String detail) {
        // One primary-key lookup per line, in one JDBC batch.
        String fitted = fit(detail, MAX_TEXT);
        int[][] counts = jdbc.batchUpdate("UPDATE " + table(runId) + " SET status = ?, detail = ? WHERE line = ?"
                + " AND status = ?", lines, lines.size(), (ps, line) -> {
                    ps.setString(1, to.name());
                    ps.setString(2, fitted);
                    ps.setLong(3, line);
                    ps.setString(4, from.name());
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

    public List<String> organizationsWith(long runId, RowStatus status) {
        return jdbc.queryForList("SELECT DISTINCT organization_id FROM " + table(runId) + " WHERE status = ?"
                + " ORDER BY organization_id", String.class, status.name());
    }

    public long count(long runId, String organizationId, RowStatus status) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table(runId) + " WHERE organization_id = ?"
                + " AND status = ?", Long.class, organizationId, status.name());
        return count == null ? 0 : count;
    }

    public int markAll(long runId, RowStatus from, RowStatus to, String detail) {
        return jdbc.update("UPDATE " + table(runId) + " SET status = ?, detail = ? WHERE status = ?", to.name(),
                fit(detail, MAX_TEXT), from.name());
    }

    static String fit(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 3) + "...";
    }
}
