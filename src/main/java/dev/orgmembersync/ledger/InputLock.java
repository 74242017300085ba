package dev.orgmembersync.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Holds a row lock on the input's {@code sync_input} row for as long as the run lasts, on a connection of
 * its own: a second process with the same input is refused at once, and a crashed process's lock goes
 * with its connection. The lock's transaction writes nothing: what a run must remember is committed
 * elsewhere ({@link RunNumbers}), so a kill cannot roll it back.
 */
public final class InputLock implements AutoCloseable {

    private final Connection connection;

    private InputLock(Connection connection) {
        this.connection = connection;
    }

    public static InputLock acquire(DataSource dataSource, String inputKey) {
        register(dataSource, inputKey);
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT input_key FROM sync_input WHERE input_key = ? FOR UPDATE NOWAIT")) {
                select.setString(1, inputKey);
                select.executeQuery().close();
                return new InputLock(connection);
            }
        }
        catch (SQLException ex) {
            closeQuietly(connection);
            if (!isLockConflict(ex)) {
                throw new JobDatabaseException("could not lock the input's row in the job database: " + ex.getMessage(), ex);
            }
            throw new AlreadyRunningException("already running: another org-member-sync process is running this"
                    + " input (its row in the job database is locked); wait for it to finish", ex);
        }
    }

    /** PostgreSQL: 55P03 lock_not_available; H2: HYT00 lock timeout. */
    private static boolean isLockConflict(SQLException ex) {
        return "55P03".equals(ex.getSQLState()) || "HYT00".equals(ex.getSQLState());
    }

    /**
     * Creates the input's row once. Two processes racing here both go on to the lock: the one whose insert
     * loses gets a duplicate key, which is fine; any other error is not.
     */
    private static void register(DataSource dataSource, String inputKey) {
        try {
            // run_number is the counter of earlier versions, kept for their databases (see InputRuns)
            new JdbcTemplate(dataSource).update("INSERT INTO sync_input (input_key, run_number) SELECT ?, 1"
                    + " WHERE NOT EXISTS (SELECT 1 FROM sync_input WHERE input_key = ?)", inputKey, inputKey);
        }
        catch (DuplicateKeyException raceLost) {
            // the other process inserted it first
        }
        catch (DataAccessException ex) {
            throw new JobDatabaseException("could not register the input in the job database: "
                    + ex.getMostSpecificCause().getMessage(), ex);
        }
    }

    /**
     * Releases the lock. The transaction wrote nothing, but a failed commit means the connection (and so the
     * lock) was lost at some point of the run: another process may have run the same input meanwhile.
     */
    @Override
    public void close() {
        try {
            connection.commit();
        }
        catch (SQLException ex) {
            throw new JobDatabaseException("lost the job database connection that held this input's lock (" + ex.getMessage()
                    + "); another process may have run the same input meanwhile: check its report before running again", ex);
        }
        finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            }
            catch (SQLException ignored) {
                // nothing left to release: a closed or broken connection holds no lock
            }
        }
    }

    /** The job database refused what the lock needs; the message says what. */
    public static class JobDatabaseException extends RuntimeException {
        JobDatabaseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
