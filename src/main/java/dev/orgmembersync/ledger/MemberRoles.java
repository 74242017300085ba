package dev.orgmembersync.ledger;

import static dev.orgmembersync.ledger.RowStatus.ADDED;
import static dev.orgmembersync.ledger.RowStatus.ALREADY_MEMBER;
import static dev.orgmembersync.ledger.RowStatus.FAILED;
import static dev.orgmembersync.ledger.RowStatus.PENDING;
import static dev.orgmembersync.ledger.RowStatus.REMOVAL_HELD;
import static dev.orgmembersync.ledger.RowStatus.SENT;
import static dev.orgmembersync.ledger.RowStatus.WOULD_ADD;
import static dev.orgmembersync.ledger.RowStatus.inList;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The roles side of the ledger ({@code sync_row_roles}): per input line with a {@code roles} value, the roles it asks
 * for, the roles Auth0 listed for the member at the snapshot, and the changes Auth0 confirmed. Each change is recorded
 * the moment Auth0 answers (autocommit), so a restart never sends a confirmed one again.
 */
@Repository
public class MemberRoles {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<RoleRef>> ROLES = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;

    public MemberRoles(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** A role by id, with its name for the report. */
    public record RoleRef(String id, String name) {
    }

    /** A valid row whose roles column names roles (before they are resolved). */
    public record Requested(long line, String organizationId, String roles) {
    }

    /**
     * A row whose roles are to be set, with its membership's state ({@code current} null: Auth0 did not list the
     * member at the snapshot).
     */
    public record RoleRow(long line, String organizationId, String userId, RowStatus status, String detail,
            List<RoleRef> wanted, List<RoleRef> current, boolean added, boolean removed) {
    }

    /** PENDING rows with a non-blank roles value whose roles are not resolved yet, in line order. */
    public List<Requested> requested(long runId) {
        return jdbc.query("SELECT l.line, l.organization_id, l.roles FROM " + Ledger.table(runId) + " l WHERE l.status = ?"
                + " AND l.roles IS NOT NULL AND TRIM(l.roles) <> '' AND NOT EXISTS (SELECT 1 FROM sync_row_roles r"
                + " WHERE r.run_id = ? AND r.line = l.line) ORDER BY l.line",
                (rs, i) -> new Requested(rs.getLong(1), rs.getString(2), rs.getString(3)), RowStatus.PENDING.name(), runId);
    }

    /** Records the roles a line asks for; repeats are ignored. */
    public void want(long runId, long line, List<RoleRef> roles) {
        jdbc.update("INSERT INTO sync_row_roles (run_id, line, wanted, added, removed, done) SELECT ?, ?, ?, FALSE, FALSE,"
                + " FALSE WHERE NOT EXISTS (SELECT 1 FROM sync_row_roles WHERE run_id = ? AND line = ?)", runId, line,
                JSON.writeValueAsString(roles), runId, line);
    }

    /** Whether any line of the run asks for roles (then the snapshot reads the members' roles). */
    public boolean anyWanted(long runId) {
        return !jdbc.queryForList("SELECT line FROM sync_row_roles WHERE run_id = ? FETCH FIRST 1 ROWS ONLY", Long.class,
                runId).isEmpty();
    }

    /** The roles Auth0 lists for members of an organization, recorded on the lines that name them. */
    public void recordCurrent(long runId, String organizationId, Map<String, List<RoleRef>> rolesByUser) {
        List<Map.Entry<String, List<RoleRef>>> members = List.copyOf(rolesByUser.entrySet());
        jdbc.batchUpdate("UPDATE sync_row_roles SET current_roles = ? WHERE run_id = ? AND line IN (SELECT line FROM "
                + Ledger.table(runId) + " WHERE organization_id = ? AND user_id = ?)", members, members.size(),
                (ps, member) -> {
                    ps.setString(1, Ledger.fit(JSON.writeValueAsString(member.getValue()), 4000));
                    ps.setLong(2, runId);
                    ps.setString(3, organizationId);
                    ps.setString(4, member.getKey());
                });
    }

    /** Lines whose roles are not done yet and whose member is in the organization, by organization and line. */
    public List<RoleRow> toApply(long runId) {
        return rows(runId, "r.done = FALSE AND l.status IN " + inList(ADDED, ALREADY_MEMBER, WOULD_ADD));
    }

    /** Every line asking for roles whose member is (or will be) in the organization: for the plan and the guard. */
    public List<RoleRow> all(long runId) {
        return rows(runId, "l.status IN " + inList(PENDING, SENT, ADDED, ALREADY_MEMBER, WOULD_ADD, REMOVAL_HELD, FAILED));
    }

    private List<RoleRow> rows(long runId, String condition) {
        return jdbc.query("SELECT r.line, l.organization_id, l.user_id, l.status, l.detail, r.wanted, r.current_roles,"
                + " r.added, r.removed FROM sync_row_roles r JOIN " + Ledger.table(runId) + " l ON l.line = r.line"
                + " WHERE r.run_id = ? AND " + condition + " ORDER BY l.organization_id, r.line",
                (rs, i) -> new RoleRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                        RowStatus.valueOf(rs.getString(4)), rs.getString(5), roles(rs.getString(6)),
                        rs.getString(7) == null ? null : roles(rs.getString(7)), rs.getBoolean(8), rs.getBoolean(9)),
                runId);
    }

    public void markAdded(long runId, long line) {
        jdbc.update("UPDATE sync_row_roles SET added = TRUE WHERE run_id = ? AND line = ?", runId, line);
    }

    public void markRemoved(long runId, long line) {
        jdbc.update("UPDATE sync_row_roles SET removed = TRUE WHERE run_id = ? AND line = ?", runId, line);
    }

    /** The line's roles are settled: the roles after the run and what changed (null: nothing), for the report. */
    public void finish(long runId, long line, String rolesAfter, String change) {
        jdbc.update("UPDATE sync_row_roles SET done = TRUE, roles_after = ?, role_change = ? WHERE run_id = ? AND line = ?",
                Ledger.fit(rolesAfter, Ledger.MAX_TEXT), Ledger.fit(change, Ledger.MAX_TEXT), runId, line);
    }

    private static List<RoleRef> roles(String json) {
        return new ArrayList<>(JSON.readValue(json, ROLES));
    }
}
