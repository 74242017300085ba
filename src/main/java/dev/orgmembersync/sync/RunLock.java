package dev.orgmembersync.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Holds a row lock on the input's {@code sync_input} row for as long as the run lasts, on a connection of
 * its own: a second process with the same input is refused at once, and a crashed process's lock goes
 * with its connection. Also keeps the input's run counter.
 */
final class RunLock implements AutoCloseable {

    private final Connection connection;
    private final String inputKey;
    private long runNumber;

    private RunLock(Connection connection, String inputKey, long runNumber) {
        this.connection = connection;
        this.inputKey = inputKey;
        this.runNumber = runNumber;
    }

    static RunLock acquire(DataSource dataSource, String inputKey) {
        register(dataSource, inputKey);
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT run_number FROM sync_input WHERE input_key = ? FOR UPDATE NOWAIT")) {
                select.setString(1, inputKey);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return new RunLock(connection, inputKey, rs.getLong(1));
                }
            }
        }
        catch (SQLException ex) {
            closeQuietly(connection);
            if (!isLockConflict(ex)) {
                throw new IllegalStateException("could not lock the input's row in the job database: " + ex.getMessage(), ex);
            }
            throw new AlreadyRunningException("already running: another org-member-sync process is running this"
                    + " input (its row in the job database is locked); wait for it to finish", ex);
        }
    }

    /** PostgreSQL: 55P03 lock_not_available; H2: HYT00 lock timeout. */
    private static boolean isLockConflict(SQLException ex) {
        return "55P03".equals(ex.getSQLState()) || "HYT00".equals(ex.getSQLState());
    }

    /** Creates the input's row once; two processes racing here both go on to the lock. */
    private static void register(DataSource dataSource, String inputKey) {
        try {
            new JdbcTemplate(dataSource).update("INSERT INTO sync_input (input_key, run_number) SELECT ?, 1"
                    + " WHERE NOT EXISTS (SELECT 1 FROM sync_input WHERE input_key = ?)", inputKey, inputKey);
        }
        catch (DataAccessException raceLost) {
            // the other process inserted it first
        }
    }

    long runNumber() {
        return runNumber;
    }

    /** Moves the counter on for a fresh run; committed with the lock's release. */
    long nextRunNumber() throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE sync_input SET run_number = ? WHERE input_key = ?")) {
            update.setLong(1, runNumber + 1);
            update.setString(2, inputKey);
            update.executeUpdate();
        }
        return ++runNumber;
    }

    @Override
    public void close() {
        try {
            connection.commit();
        }
        catch (SQLException ignored) {
            // the lock goes with the connection anyway
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            }
            catch (SQLException ignored) {
                // nothing left to release
            }
        }
    }

    /** Another process holds the lock. */
    static class AlreadyRunningException extends RuntimeException {
        AlreadyRunningException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
