package dev.orgmembersync.ledger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * The organizations of a run: names in the input still waiting for an id, and which organizations the snapshot has
 * listed ({@code sync_organization}), so that a restart lists only the others.
 */
@Repository
public class RunOrganizations {

    private final JdbcTemplate jdbc;

    public RunOrganizations(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Organization names still waiting for an id. */
    public List<String> unresolvedNames(long runId) {
        return jdbc.queryForList("SELECT DISTINCT organization_name FROM " + Ledger.table(runId) + " WHERE status = ?"
                + " AND organization_id IS NULL AND organization_name IS NOT NULL ORDER BY organization_name", String.class,
                RowStatus.PENDING.name());
    }

    public void resolveName(long runId, String name, String organizationId) {
        jdbc.update("UPDATE " + Ledger.table(runId) + " SET organization_id = ? WHERE status = ?"
                + " AND organization_id IS NULL AND organization_name = ?", organizationId, RowStatus.PENDING.name(), name);
    }

    public void markUnknownName(long runId, String name, String detail) {
        jdbc.update("UPDATE " + Ledger.table(runId) + " SET status = ?, detail = ? WHERE status = ? AND organization_id IS NULL"
                + " AND organization_name = ?", RowStatus.UNKNOWN_ORGANIZATION.name(), Ledger.fit(detail, Ledger.MAX_TEXT),
                RowStatus.PENDING.name(), name);
    }

    /** Registers the organizations that have rows to check; idempotent. */
    public void registerOrganizations(long runId) {
        jdbc.update("""
                INSERT INTO sync_organization (run_id, organization_id, snapshot_done)
                SELECT DISTINCT ?, l.organization_id, FALSE FROM %s l
                WHERE l.status = ? AND NOT EXISTS (SELECT 1 FROM sync_organization o
                    WHERE o.run_id = ? AND o.organization_id = l.organization_id)""".formatted(Ledger.table(runId)), runId,
                RowStatus.PENDING.name(), runId);
    }

    public List<String> organizationsToSnapshot(long runId) {
        return jdbc.queryForList("SELECT organization_id FROM sync_organization WHERE run_id = ? AND snapshot_done = FALSE"
                + " ORDER BY organization_id", String.class, runId);
    }

    /** The organizations an earlier attempt of the run listed that still have PENDING rows (a restart's adds). */
    public List<String> snapshottedWithPendingRows(long runId) {
        return jdbc.queryForList("SELECT o.organization_id FROM sync_organization o WHERE o.run_id = ? AND o.snapshot_done"
                + " = TRUE AND EXISTS (SELECT 1 FROM " + Ledger.table(runId) + " l WHERE l.organization_id = o.organization_id"
                + " AND l.status = ?) ORDER BY o.organization_id", String.class, runId, RowStatus.PENDING.name());
    }

    /** Records the organization as snapshotted, with the members its listing returned (null: it does not exist). */
    public void markSnapshotDone(long runId, String organizationId, Long membersListed) {
        jdbc.update("UPDATE sync_organization SET snapshot_done = TRUE, members_listed = ? WHERE run_id = ?"
                + " AND organization_id = ?", membersListed, runId, organizationId);
    }

    /**
     * The organizations the run's snapshot has listed, with the members each had before the run, by id: one query
     * for the report, the plan and mirror mode, which read it through {@link LedgerView} and {@link UnlistedMembers}.
     */
    static Map<String, Long> membersListed(JdbcTemplate jdbc, long runId) {
        Map<String, Long> listed = new LinkedHashMap<>();
        jdbc.query("SELECT organization_id, members_listed FROM sync_organization WHERE run_id = ? AND snapshot_done = TRUE"
                + " AND members_listed IS NOT NULL ORDER BY organization_id",
                (RowCallbackHandler) rs -> listed.put(rs.getString(1), rs.getLong(2)), runId);
        return listed;
    }
}
