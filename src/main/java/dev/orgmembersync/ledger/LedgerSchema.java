package dev.orgmembersync.ledger;

import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates the ledger tables if they are missing. Two processes starting at once on a new PostgreSQL
 * database can both pass {@code CREATE TABLE IF NOT EXISTS} and one then fails on a duplicate; the
 * script is then run again (a few times, as the other process may still be creating the next table).
 */
final class LedgerSchema {

    private static final String SCRIPT = "org-member-sync-schema.sql";
    private static final int ATTEMPTS = 10;

    private LedgerSchema() {
    }

    static void create(DataSource dataSource) {
        ResourceDatabasePopulator populator = new ResourceDatabasePopulator(new ClassPathResource(SCRIPT));
        for (int attempt = 1;; attempt++) {
            try {
                populator.execute(dataSource);
                return;
            }
            catch (DataAccessException ex) {
                if (!isConcurrentCreation(ex) || attempt == ATTEMPTS) {
                    throw ex;
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the ledger tables", ex);
        }
    }

    /**
     * PostgreSQL: 23505 unique_violation (on its catalog), 42P07 duplicate_table, 42710 duplicate_object,
     * 42701 duplicate_column (two processes adding the same column).
     */
    private static boolean isConcurrentCreation(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && List.of("23505", "42P07", "42710", "42701").contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
