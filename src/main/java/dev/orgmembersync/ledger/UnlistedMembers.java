package dev.orgmembersync.ledger;

import static dev.orgmembersync.ledger.RowStatus.AMBIGUOUS_USER;
import static dev.orgmembersync.ledger.RowStatus.INVALID;
import static dev.orgmembersync.ledger.RowStatus.UNKNOWN_ORGANIZATION;
import static dev.orgmembersync.ledger.RowStatus.UNKNOWN_USER;
import static dev.orgmembersync.ledger.RowStatus.inList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * Mirror mode's state in {@code sync_unlisted}: the members Auth0 lists that the input does not, and where the
 * removal of each stands (UNLISTED_MEMBER, then KEPT, REMOVAL_HELD, WOULD_REMOVE or REMOVAL_PENDING, then
 * REMOVAL_SENT and REMOVED or REMOVAL_UNCONFIRMED). Like {@link Ledger}, updates only move a member on from the
 * state the caller expects, so repeating one after a restart changes nothing. Dropped with the run's history
 * ({@link Ledger#dropRun}).
 */
@Repository
public class UnlistedMembers {

    /** Rows that say a person is in the input but could not be resolved to a member of an organization. */
    private static final String UNRESOLVED = inList(INVALID, UNKNOWN_USER, AMBIGUOUS_USER, UNKNOWN_ORGANIZATION);
    /** Values per IN list: each such query scans the run's rows once, so fewer, longer lists are cheaper. */
    private static final int IN_LIST = 500;

    /** A member found only in Auth0: its user id and the email Auth0 lists (null when none). */
    public record Member(String userId, String email) {
    }

    private final JdbcTemplate jdbc;

    public UnlistedMembers(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Organizations of the run whose snapshot found them, with the members they had before the run. */
    public Map<String, Long> organizationsListed(long runId) {
        return RunOrganizations.membersListed(jdbc, runId);
    }

    /** The organization's members in {@code status}. */
    public List<Member> members(long runId, String organizationId, RowStatus status) {
        return jdbc.query("SELECT user_id, email FROM sync_unlisted WHERE run_id = ? AND organization_id = ? AND "
                + Ledger.UNLISTED_STATUS + " = ? ORDER BY user_id", (rs, i) -> new Member(rs.getString(1), rs.getString(2)),
                runId, organizationId, status.name());
    }

    /** How many members of each organization are in {@code status}. */
    public Map<String, Long> countsByOrganization(long runId, RowStatus status) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("SELECT organization_id, COUNT(*) FROM sync_unlisted WHERE run_id = ? AND " + Ledger.UNLISTED_STATUS
                + " = ? GROUP BY organization_id", (RowCallbackHandler) rs -> counts.put(rs.getString(1), rs.getLong(2)),
                runId, status.name());
        return counts;
    }

    /** Organizations with members in {@code status}. */
    public List<String> organizationsWith(long runId, RowStatus status) {
        return jdbc.queryForList("SELECT DISTINCT organization_id FROM sync_unlisted WHERE run_id = ? AND "
                + Ledger.UNLISTED_STATUS + " = ? ORDER BY organization_id", String.class, runId, status.name());
    }

    /** Moves the organization's given members from {@code from} to {@code to}; returns how many moved. */
    public int mark(long runId, String organizationId, Collection<String> userIds, RowStatus from, RowStatus to,
            String detail) {
        if (userIds.isEmpty()) {
            return 0;
        }
        String fitted = Ledger.fit(detail, Ledger.MAX_TEXT);
        int[][] counts = jdbc.batchUpdate("UPDATE sync_unlisted SET status = ?, detail = ? WHERE run_id = ?"
                + " AND organization_id = ? AND user_id = ? AND " + Ledger.UNLISTED_STATUS + " = ?", userIds,
                userIds.size(), (ps, userId) -> {
                    ps.setString(1, to.name());
                    ps.setString(2, fitted);
                    ps.setLong(3, runId);
                    ps.setString(4, organizationId);
                    ps.setString(5, userId);
                    ps.setString(6, from.name());
                });
        int moved = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                moved += Math.max(0, count);
            }
        }
        return moved;
    }

    /** Moves every member of the organization in {@code from} to {@code to}. */
    public int markOrganization(long runId, String organizationId, RowStatus from, RowStatus to, String detail) {
        return jdbc.update("UPDATE sync_unlisted SET status = ?, detail = ? WHERE run_id = ? AND organization_id = ?"
                + " AND " + Ledger.UNLISTED_STATUS + " = ?", to.name(), Ledger.fit(detail, Ledger.MAX_TEXT), runId,
                organizationId, from.name());
    }

    /**
     * The run's organizations that input rows which could not be resolved (INVALID, UNKNOWN_USER, AMBIGUOUS_USER,
     * UNKNOWN_ORGANIZATION, or any row left without a user id: invited, a failed email lookup) may have meant: the organization such a row names by id or by a name that resolved to
     * it. A row naming neither a listed organization nor a resolved name (a mistyped id or name) may have meant
     * any of them, so then every one is returned.
     */
    public Set<String> organizationsWithUnresolvedRows(long runId) {
        Set<String> listed = organizationsListed(runId).keySet();
        Map<String, Set<String>> organizationsByName = new LinkedHashMap<>();
        jdbc.query("SELECT DISTINCT organization_name, organization_id FROM " + Ledger.table(runId)
                + " WHERE organization_id IS NOT NULL AND organization_name IS NOT NULL AND organization_name <> ''",
                (RowCallbackHandler) rs -> organizationsByName.computeIfAbsent(rs.getString(1), k -> new HashSet<>())
                        .add(rs.getString(2)));
        Set<String> unsure = new LinkedHashSet<>();
        boolean[] unattributed = { false };
        jdbc.query("SELECT DISTINCT TRIM(organization_id), TRIM(organization_name) FROM " + Ledger.table(runId)
                + " WHERE status IN " + UNRESOLVED + " OR user_id IS NULL", (RowCallbackHandler) rs -> {
                    String id = rs.getString(1);
                    String name = rs.getString(2);
                    if (id != null && listed.contains(id)) {
                        unsure.add(id);
                    }
                    else if (name != null && organizationsByName.containsKey(name)) {
                        organizationsByName.get(name).stream().filter(listed::contains).forEach(unsure::add);
                    }
                    else {
                        unattributed[0] = true;
                    }
                });
        return unattributed[0] ? new LinkedHashSet<>(listed) : unsure;
    }

    /**
     * The given members whose user id or email (compared trimmed and lower-cased) appears on any input row,
     * whatever its organization or status, each with the first such line.
     */
    public Map<String, Long> mentionedInInput(long runId, Collection<Member> members) {
        Map<String, Long> lineByUser = new LinkedHashMap<>();
        Map<String, List<String>> usersByEmail = new LinkedHashMap<>();
        for (Member member : members) {
            if (member.email() != null && !member.email().isBlank()) {
                usersByEmail.computeIfAbsent(normalize(member.email()), k -> new ArrayList<>()).add(member.userId());
            }
        }
        List<String> ids = members.stream().map(Member::userId).toList();
        for (List<String> part : parts(ids)) {
            jdbc.query("SELECT TRIM(user_id), MIN(line) FROM " + Ledger.table(runId) + " WHERE TRIM(user_id) IN ("
                    + placeholders(part.size()) + ") GROUP BY TRIM(user_id)",
                    (RowCallbackHandler) rs -> lineByUser.merge(rs.getString(1), rs.getLong(2), Math::min), part.toArray());
        }
        for (List<String> part : parts(List.copyOf(usersByEmail.keySet()))) {
            jdbc.query("SELECT LOWER(TRIM(email)), MIN(line) FROM " + Ledger.table(runId) + " WHERE LOWER(TRIM(email)) IN ("
                    + placeholders(part.size()) + ") GROUP BY LOWER(TRIM(email))",
                    (RowCallbackHandler) rs -> {
                        long line = rs.getLong(2);
                        usersByEmail.get(rs.getString(1)).forEach(userId -> lineByUser.merge(userId, line, Math::min));
                    }, part.toArray());
        }
        return lineByUser;
    }

    static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private static List<List<String>> parts(List<String> values) {
        List<List<String>> parts = new ArrayList<>();
        for (int i = 0; i < values.size(); i += IN_LIST) {
            parts.add(values.subList(i, Math.min(values.size(), i + IN_LIST)));
        }
        return parts;
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /** Records members that Auth0 lists but the input does not; repeats are ignored. */
    public void recordUnlisted(long runId, String organizationId, List<String> memberIds) {
        Map<String, String> withoutEmails = new LinkedHashMap<>();
        memberIds.forEach(id -> withoutEmails.put(id, null));
        recordUnlisted(runId, organizationId, withoutEmails);
    }

    /** Records members that Auth0 lists but the input does not, with the email Auth0 lists (may be null). */
    public void recordUnlisted(long runId, String organizationId, Map<String, String> emailsById) {
        List<Map.Entry<String, String>> members = List.copyOf(emailsById.entrySet());
        // Per id, with index lookups only (an IN list would scan the organization's rows for every page).
        jdbc.batchUpdate("INSERT INTO sync_unlisted (run_id, organization_id, user_id, email, status) SELECT ?, ?, ?, ?,"
                + " '" + RowStatus.UNLISTED_MEMBER.name() + "' WHERE NOT EXISTS"
                + " (SELECT 1 FROM sync_unlisted WHERE run_id = ? AND organization_id = ? AND user_id = ?) AND NOT EXISTS"
                + " (SELECT 1 FROM " + Ledger.table(runId) + " WHERE organization_id = ? AND user_id = ? AND status <> '"
                + RowStatus.INVALID.name() + "')",
                members, members.size(), (ps, member) -> {
                    String id = member.getKey();
                    ps.setLong(1, runId);
                    ps.setString(2, organizationId);
                    ps.setString(3, Ledger.fit(id, 300));
                    ps.setString(4, Ledger.fit(member.getValue(), Ledger.MAX_EMAIL));
                    ps.setLong(5, runId);
                    ps.setString(6, organizationId);
                    ps.setString(7, Ledger.fit(id, 300));
                    ps.setString(8, organizationId);
                    ps.setString(9, id);
                });
    }
}
