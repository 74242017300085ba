package dev.orgmembersync.ledger;

import static dev.orgmembersync.ledger.RowStatus.AMBIGUOUS_USER;
import static dev.orgmembersync.ledger.RowStatus.PENDING;
import static dev.orgmembersync.ledger.RowStatus.UNKNOWN_USER;

import java.util.ArrayList;
import java.util.Collection;
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
 * The Auth0 accounts found for a run's emails, in the run's table {@code sync_accounts_<run id>} (email
 * lower-cased, user id, connection), and the resolution of the run's rows by email against them, as set-based SQL.
 * Rows keep their email as written and are compared lower-cased: Auth0 stores database users' emails lower-case
 * but enterprise and social ones as the identity provider sent them.
 * An email looked up one by one that has no account keeps a row with a null user id, so that a restarted lookup
 * asks Auth0 only about the emails it had not finished.
 */
@Repository
public class EmailAccounts {

    /** Rows per INSERT batch while an export streams in. */
    private static final int BATCH = 1000;

    private final JdbcTemplate jdbc;

    public EmailAccounts(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** One account of an email; {@code userId} null marks an email that has none. */
    public record Account(String email, String userId, String connection) {
    }

    /** The resolution's counts: rows given a user id, rows with several candidates, rows with none. */
    public record Resolution(int resolved, int ambiguous, int unknown) {
    }

    /** The run's accounts table; run ids are numbers, so it is safe to put in SQL. */
    static String table(long runId) {
        return "sync_accounts_" + runId;
    }

    /** Creates the run's table and its email index; idempotent. */
    public void createTable(long runId) {
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + table(runId) + " (email VARCHAR(" + Ledger.MAX_EMAIL
                + ") NOT NULL, user_id VARCHAR(300), connection VARCHAR(200))");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + table(runId) + "_email ON " + table(runId) + " (email)");
    }

    /** Distinct lower-cased emails of the rows still waiting for a user id, in order. */
    public List<String> unresolvedEmails(long runId) {
        return jdbc.queryForList("SELECT DISTINCT LOWER(email) FROM " + Ledger.table(runId) + " WHERE status = "
                + PENDING.quoted() + " AND user_id IS NULL AND email IS NOT NULL ORDER BY 1", String.class);
    }

    /**
     * Unresolved emails not looked up yet: each lower-cased email with the spellings the input uses for it
     * (the lower-cased one first).
     */
    public Map<String, Set<String>> emailsToLookUp(long runId) {
        Map<String, Set<String>> spellings = new LinkedHashMap<>();
        jdbc.query("SELECT DISTINCT LOWER(l.email), l.email FROM " + Ledger.table(runId) + " l WHERE l.status = "
                + PENDING.quoted() + " AND l.user_id IS NULL AND l.email IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + table(runId)
                + " a WHERE a.email = LOWER(l.email)) ORDER BY 1, 2", (RowCallbackHandler) rs -> spellings
                        .computeIfAbsent(rs.getString(1), lower -> new LinkedHashSet<>(List.of(lower)))
                        .add(rs.getString(2)));
        return spellings;
    }

    /**
     * Records one email's answer in a single statement, so that a crash never leaves half of its accounts (which
     * would turn an ambiguous email into a resolved one).
     */
    public void recordLookup(long runId, String email, List<Account> accounts) {
        String lower = email.toLowerCase(Locale.ROOT);
        List<Account> rows = accounts.isEmpty() ? List.of(new Account(lower, null, null)) : accounts;
        StringBuilder sql = new StringBuilder("INSERT INTO " + table(runId) + " (email, user_id, connection) VALUES ");
        List<Object> values = new ArrayList<>();
        for (Account account : rows) {
            sql.append(values.isEmpty() ? "(?, ?, ?)" : ", (?, ?, ?)");
            values.add(lower);
            values.add(account.userId());
            values.add(account.connection());
        }
        jdbc.update(sql.toString(), values.toArray());
    }

    /** Forgets every account found so far: an export that is downloaded again starts from nothing. */
    public void clear(long runId) {
        jdbc.update("DELETE FROM " + table(runId));
    }

    /** Stores exported accounts (emails lower-cased), in JDBC batches. */
    public void insert(long runId, Collection<Account> accounts) {
        jdbc.batchUpdate("INSERT INTO " + table(runId) + " (email, user_id, connection) VALUES (?, ?, ?)", accounts,
                BATCH, (ps, account) -> {
                    ps.setString(1, Ledger.fit(account.email().toLowerCase(Locale.ROOT), Ledger.MAX_EMAIL));
                    ps.setString(2, Ledger.fit(account.userId(), 300));
                    ps.setString(3, Ledger.fit(account.connection(), 200));
                });
    }

    /**
     * Gives every unresolved row its user id when its email has one account, or when {@code connection} (may be
     * null) picks exactly one of several; rows with no account become UNKNOWN_USER, the rest AMBIGUOUS_USER with
     * the candidates.
     */
    public Resolution resolve(long runId, String connection) {
        String rows = Ledger.table(runId);
        String accounts = table(runId);
        String unresolved = " WHERE l.status = " + PENDING.quoted() + " AND l.user_id IS NULL AND l.email IS NOT NULL";
        String candidates = "(SELECT COUNT(a.user_id) FROM " + accounts + " a WHERE a.email = LOWER(l.email))";
        int resolved = jdbc.update("UPDATE " + rows + " l SET user_id = (SELECT MIN(a.user_id) FROM " + accounts
                + " a WHERE a.email = LOWER(l.email))" + unresolved + " AND " + candidates + " = 1");
        if (connection != null) {
            String onConnection = "(SELECT %s FROM " + accounts + " a WHERE a.email = LOWER(l.email) AND a.connection = ?)";
            resolved += jdbc.update("UPDATE " + rows + " l SET user_id = " + onConnection.formatted("MIN(a.user_id)")
                    + unresolved + " AND " + candidates + " > 1 AND " + onConnection.formatted("COUNT(a.user_id)")
                    + " = 1", connection, connection);
        }
        int unknown = jdbc.update("UPDATE " + rows + " l SET status = " + UNKNOWN_USER.quoted() + ", detail = ?" + unresolved
                + " AND " + candidates + " = 0", "Auth0 has no account with this email");
        int ambiguous = markAmbiguous(runId, connection);
        return new Resolution(resolved, ambiguous, unknown);
    }

    private int markAmbiguous(long runId, String connection) {
        Map<String, List<String>> byEmail = new LinkedHashMap<>();
        jdbc.query("SELECT a.email, a.user_id, a.connection FROM " + table(runId) + " a WHERE a.user_id IS NOT NULL"
                + " AND a.email IN (SELECT LOWER(l.email) FROM " + Ledger.table(runId) + " l WHERE l.status = "
                + PENDING.quoted() + " AND l.user_id IS NULL AND l.email IS NOT NULL) ORDER BY a.email, a.user_id",
                (RowCallbackHandler) rs -> byEmail.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(rs.getString(2) + (rs.getString(3) == null ? "" : " (" + rs.getString(3) + ")")));
        int marked = 0;
        for (Map.Entry<String, List<String>> email : byEmail.entrySet()) {
            String detail = email.getValue().size() + " Auth0 accounts have this email: "
                    + String.join(", ", email.getValue()) + (connection == null
                            ? "; set sync.users.connection to pick one"
                            : "; sync.users.connection=" + connection + " does not pick exactly one");
            marked += jdbc.update("UPDATE " + Ledger.table(runId) + " SET status = " + AMBIGUOUS_USER.quoted()
                    + ", detail = ? WHERE status = " + PENDING.quoted() + " AND user_id IS NULL AND LOWER(email) = ?",
                    Ledger.fit(detail, 2000), email.getKey());
        }
        return marked;
    }
}
