package dev.orgmembersync.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads Spring Batch's tables of a job database from the test. An H2 file database is locked by the process
 * that has it open, so read it only while no job process is running.
 */
record JobDatabase(String url, String user) {

    static JobDatabase h2File(java.nio.file.Path file) {
        return new JobDatabase("jdbc:h2:file:" + file.toAbsolutePath(), "sa");
    }

    /** One row of BATCH_JOB_EXECUTION. */
    record Execution(long id, long instanceId, String status, boolean ended) {
    }

    /** Every execution of the job, oldest first. */
    List<Execution> executions() {
        return query("SELECT JOB_EXECUTION_ID, JOB_INSTANCE_ID, STATUS, END_TIME FROM BATCH_JOB_EXECUTION"
                + " ORDER BY JOB_EXECUTION_ID", null, rs -> new Execution(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getTimestamp(4) != null));
    }

    /** Executions newer than {@code executionId}, oldest first: those of a test sharing the database with others. */
    List<Execution> executionsAfter(long executionId) {
        return executions().stream().filter(execution -> execution.id() > executionId).toList();
    }

    /** The newest execution's id, 0 if none. */
    long lastExecutionId() {
        return executions().stream().mapToLong(Execution::id).max().orElse(0);
    }

    /** Names of the steps of {@code executionId} with {@code status}, in order of their start. */
    List<String> steps(long executionId, String status) {
        return query("SELECT STEP_NAME FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ? AND STATUS = ?"
                + " ORDER BY STEP_EXECUTION_ID", new Object[] { executionId, status }, rs -> rs.getString(1));
    }

    /** Names of every step of {@code executionId}, in order of their start. */
    List<String> steps(long executionId) {
        return query("SELECT STEP_NAME FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ? ORDER BY STEP_EXECUTION_ID",
                new Object[] { executionId }, rs -> rs.getString(1));
    }

    /** Names of the steps COMPLETED in any execution. */
    Set<String> completedSteps() {
        return new HashSet<>(query("SELECT DISTINCT STEP_NAME FROM BATCH_STEP_EXECUTION WHERE STATUS = 'COMPLETED'", null,
                rs -> rs.getString(1)));
    }

    /**
     * {@code organization_id/user_id} of the ledger's rows still PENDING (not sent, as far as the ledger knows), in
     * every run's table.
     */
    Set<String> pendingLedgerRows() {
        Set<String> pending = new HashSet<>();
        for (String table : query("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'SYNC\\_LEDGER\\_%'",
                null, rs -> rs.getString(1))) {
            pending.addAll(query("SELECT organization_id, user_id FROM " + table + " WHERE status = 'PENDING'", null,
                    rs -> rs.getString(1) + "/" + rs.getString(2)));
        }
        return pending;
    }

    /**
     * Where the last execution stood when its process died: the step it had STARTED, else {@code after <last step>}
     * or {@code <status> before any step}, or {@code no execution}.
     */
    String whereTheLastExecutionStopped() {
        List<Execution> executions = executions();
        if (executions.isEmpty()) {
            return "no execution";
        }
        Execution last = executions.get(executions.size() - 1);
        List<String> started = steps(last.id(), "STARTED");
        if (!started.isEmpty()) {
            // the snapshot, the adds and the verification run side by side: "snapshotStep+addMembersStep+verifyStep"
            return String.join("+", started);
        }
        List<String> all = steps(last.id());
        return all.isEmpty() ? last.status() + " before any step"
                : last.status() + " after " + all.get(all.size() - 1);
    }

    /** Organizations of the run (job instance) {@code runId} not recorded as snapshot done. */
    long organizationsNotSnapshotted(long runId) {
        return query("SELECT COUNT(*) FROM sync_organization WHERE run_id = ? AND snapshot_done = FALSE",
                new Object[] { runId }, rs -> rs.getLong(1)).get(0);
    }

    /** Organizations recorded for the run (job instance) {@code runId}. */
    long organizationsRegistered(long runId) {
        return query("SELECT COUNT(*) FROM sync_organization WHERE run_id = ?", new Object[] { runId },
                rs -> rs.getLong(1)).get(0);
    }

    /** Members found only in Auth0 of the run {@code runId} in {@code status}, as {@code organization/user}. */
    Set<String> unlisted(long runId, String status) {
        return new java.util.TreeSet<>(query("SELECT organization_id, user_id FROM sync_unlisted WHERE run_id = ?"
                + " AND status = ?", new Object[] { runId, status }, rs -> rs.getString(1) + "/" + rs.getString(2)));
    }

    /** Users whose roles the run {@code runId} recorded as added (Auth0 answered the POST). */
    Set<String> rolesAdded(long runId) {
        return new java.util.TreeSet<>(query("SELECT l.user_id FROM sync_row_roles r JOIN sync_ledger_" + runId
                + " l ON l.line = r.line WHERE r.run_id = ? AND r.added = TRUE", new Object[] { runId },
                rs -> rs.getString(1)));
    }

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Object[] args, Row<T> row) {
        try (Connection connection = DriverManager.getConnection(url, user, "");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (args != null) {
                for (int i = 0; i < args.length; i++) {
                    statement.setObject(i + 1, args[i]);
                }
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.map(rs));
                }
            }
            return rows;
        }
        catch (SQLException ex) {
            throw new IllegalStateException("could not read " + url + ": " + ex.getMessage(), ex);
        }
    }
}
