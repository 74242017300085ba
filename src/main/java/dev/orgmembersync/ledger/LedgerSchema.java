package dev.orgmembersync.ledger;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates the ledger tables if they are missing. Two processes starting at once on a new PostgreSQL
 * database can both pass {@code CREATE TABLE IF NOT EXISTS} and one then fails on a duplicate; by the
 * time it sees that, the tables exist, so running the script once more succeeds.
 */
final class LedgerSchema {

    private static final String SCRIPT = "org-member-sync-schema.sql";

    private LedgerSchema() {
    }

    static void create(DataSource dataSource) {
        ResourceDatabasePopulator populator = new ResourceDatabasePopulator(new ClassPathResource(SCRIPT));
        try {
            populator.execute(dataSource);
        }
        catch (DataAccessException ex) {
            if (!isConcurrentCreation(ex)) {
                throw ex;
            }
            populator.execute(dataSource);
        }
    }

    /** PostgreSQL: 23505 unique_violation (on its catalog) or 42P07 duplicate_table. */
    private static boolean isConcurrentCreation(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("23505".equals(sql.getSQLState()) || "42P07".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
