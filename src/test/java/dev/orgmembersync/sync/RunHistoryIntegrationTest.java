package dev.orgmembersync.sync;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The job database keeps the last {@code sync.history.keep-runs} runs of an input and drops older ones. */
@ExtendWith(OutputCaptureExtension.class)
class RunHistoryIntegrationTest {

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture fixture;

    @Test
    void shouldKeepTheLastRunsAndDropOlderOnesWhenANewRunStarts(CapturedOutput output) throws SQLException {
        // given an input with one unknown user (so every run has ledger rows, unlisted members and organizations)
        fixture = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(20, 3));
        Path input = fixture.csv("members.csv", List.of(ACME + "," + user(5), ACME + "," + user(6), ACME + ",auth0|nobody"));

        // when it runs five times, keeping two runs
        for (int night = 1; night <= 5; night++) {
            assertThat(fixture.run(input, "--sync.history.keep-runs=2")).as("exit code of night %s", night).isEqualTo(2);
        }

        // then runs 4 and 5 are left, each older one was dropped when a new run started, and numbering went on
        assertThat(output).contains("History: dropped run 1 of this input with their ledger tables and job records",
                "History: dropped run 2 of this input", "History: dropped run 3 of this input",
                "(the 5th run of this input; run 4 completed)");
        assertThat(output).doesNotContain("History: dropped run 4");
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "sa", "")) {
            List<Long> instances = longs(db, "SELECT JOB_INSTANCE_ID FROM BATCH_JOB_INSTANCE ORDER BY 1");
            assertThat(instances).hasSize(2);
            assertThat(longs(db, "SELECT CAST(SUBSTRING(TABLE_NAME, 13) AS BIGINT) FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE TABLE_NAME LIKE 'SYNC\\_LEDGER\\_%' ORDER BY 1")).as("ledger tables").isEqualTo(instances);
            assertThat(longs(db, "SELECT DISTINCT run_id FROM sync_organization ORDER BY 1")).isEqualTo(instances);
            assertThat(longs(db, "SELECT DISTINCT run_id FROM sync_unlisted ORDER BY 1")).isEqualTo(instances);
            assertThat(longs(db, "SELECT run_number FROM sync_run ORDER BY 1")).containsExactly(4L, 5L);
            assertThat(longs(db, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")).containsExactly(2L);
        }
        // a report directory the user chose is never deleted
        assertThat(Files.exists(fixture.reportDir().resolve("summary.json"))).isTrue();
    }

    private static List<Long> longs(Connection db, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }
}
