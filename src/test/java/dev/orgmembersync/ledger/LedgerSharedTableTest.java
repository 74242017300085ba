package dev.orgmembersync.ledger;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A run left unfinished by a version that kept every run in one {@code sync_ledger} table. */
class LedgerSharedTableTest {

    private final SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
            "jdbc:h2:mem:shared-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);

    @Test
    void shouldTakeTheRunsRowsFromTheSharedTableOfEarlierVersions() {
        // given the earlier layout with rows of runs 5 and 6
        jdbc.execute("CREATE TABLE sync_ledger (run_id BIGINT NOT NULL, line BIGINT NOT NULL, organization_id VARCHAR(80),"
                + " organization_name VARCHAR(80), user_id VARCHAR(300), status VARCHAR(32) NOT NULL, detail VARCHAR(2000),"
                + " PRIMARY KEY (run_id, line))");
        jdbc.update("INSERT INTO sync_ledger VALUES (5, 2, 'org_a', NULL, 'auth0|1', 'SENT', 'Auth0 accepted the add')");
        jdbc.update("INSERT INTO sync_ledger VALUES (5, 3, 'org_a', NULL, 'auth0|2', 'PENDING', NULL)");
        jdbc.update("INSERT INTO sync_ledger VALUES (6, 2, 'org_b', NULL, 'auth0|3', 'PENDING', NULL)");
        Ledger ledger = new Ledger(dataSource);

        // when run 5 resumes (twice: a second start must not copy again)
        ledger.createTable(5);
        ledger.createTable(5);

        // then
        assertThat(rows(ledger, 5)).containsExactly("2 org_a auth0|1 SENT", "3 org_a auth0|2 PENDING");
    }

    @Test
    void shouldStartEmptyWithoutTheSharedTable() {
        // given a database made by this version
        Ledger ledger = new Ledger(dataSource);

        // when
        ledger.createTable(1);

        // then
        assertThat(rows(ledger, 1)).isEmpty();
    }

    private static List<String> rows(Ledger ledger, long runId) {
        List<String> rows = new ArrayList<>();
        ledger.forEachReportLine(runId, entry -> rows.add(entry.line() + " " + entry.organizationId() + " "
                + entry.userId() + " " + entry.status()));
        return rows;
    }
}
