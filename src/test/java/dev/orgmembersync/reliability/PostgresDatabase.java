package dev.orgmembersync.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * A database of its own on the PostgreSQL server of the development and CI machines (127.0.0.1:5432, user
 * postgres, trust auth), created for a test class and dropped afterwards. No server: see
 * {@link #assumeAvailable()}.
 */
final class PostgresDatabase implements AutoCloseable {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String USER = "postgres";

    private final String name;

    private PostgresDatabase(String name) {
        this.name = name;
    }

    private static String unavailable;
    private static boolean checked;

    /** Why the server cannot be used (checked once), or null when it can. */
    static synchronized String unavailable() {
        if (!checked) {
            checked = true;
            DriverManager.setLoginTimeout(5);
            try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
                unavailable = null;
            }
            catch (SQLException ex) {
                unavailable = "PostgreSQL is not reachable at " + SERVER + "postgres as user " + USER + " ("
                        + ex.getMessage() + "); start it with"
                        + " `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`";
            }
        }
        return unavailable;
    }

    /**
     * Skips the calling test, with the reason, when the server cannot be reached; fails it instead when the
     * environment says PostgreSQL is required ({@code ORGSYNC_REQUIRE_POSTGRES=true}, as on CI).
     */
    static void assumeAvailable() {
        String why = unavailable();
        if (why == null) {
            return;
        }
        if (Boolean.parseBoolean(System.getenv("ORGSYNC_REQUIRE_POSTGRES"))) {
            throw new AssertionError(why + " (ORGSYNC_REQUIRE_POSTGRES=true: failing instead of skipping)");
        }
        Assumptions.abort(why + "; skipped (set ORGSYNC_REQUIRE_POSTGRES=true to fail instead)");
    }

    /** Creates {@code orgsync_it_<random>}; call {@link #assumeAvailable()} first. */
    static PostgresDatabase create() {
        String name = "orgsync_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("could not create " + name + ": " + ex.getMessage(), ex);
        }
        return new PostgresDatabase(name);
    }

    JobDatabase jobDatabase() {
        return new JobDatabase(SERVER + name, USER);
    }

    /**
     * Creates the job database's tables with the scripts the application runs at start (Spring Batch's and the
     * ledger's), as a previous run or a deployment step would have.
     */
    PostgresDatabase withSchema() {
        try (Connection connection = DriverManager.getConnection(SERVER + name, USER, "")) {
            ScriptUtils.executeSqlScript(connection, new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql"));
            ScriptUtils.executeSqlScript(connection, new ClassPathResource("org-member-sync-schema.sql"));
        }
        catch (SQLException ex) {
            throw new IllegalStateException("could not create the schema in " + name, ex);
        }
        return this;
    }

    /** A connection of the test's own to this database. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(SERVER + name, USER, "");
    }

    /** Sessions on this database waiting for a lock another transaction holds. */
    int sessionsWaitingForALock() {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = admin.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                        + name + "' AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getInt(1);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
        catch (SQLException ex) {
            throw new IllegalStateException("could not drop " + name, ex);
        }
    }
}
