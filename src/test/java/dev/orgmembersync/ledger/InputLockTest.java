package dev.orgmembersync.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The input's lock row: errors of the job database surface with a message, except a lost insert race. */
class InputLockTest {

    /** An in-memory H2 database that remembers the connections it handed out. */
    private static final class Database extends SimpleDriverDataSource {
        final List<Connection> handedOut = new ArrayList<>();

        Database(String inputKeyType) {
            super(new org.h2.Driver(), "jdbc:h2:mem:runlock-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
            new JdbcTemplate(this).execute("CREATE TABLE sync_input (input_key " + inputKeyType
                    + " NOT NULL PRIMARY KEY, run_number BIGINT NOT NULL)");
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = super.getConnection();
            handedOut.add(connection);
            return connection;
        }
    }

    @Test
    void shouldLockAndReleaseWhenTheInputRowExistsAlready() {
        // given a row inserted by another process
        Database database = new Database("VARCHAR(100)");
        new JdbcTemplate(database).update("INSERT INTO sync_input VALUES ('key', 1)");

        // when, then
        try (InputLock lock = InputLock.acquire(database, "key")) {
            assertThat(lock).isNotNull();
        }
    }

    @Test
    void shouldSayTheInputCouldNotBeRegisteredWhenTheInsertFailsForAnotherReason() {
        // given a column too short for the key: the insert fails, and not because another process won a race
        Database database = new Database("VARCHAR(3)");

        // when, then
        assertThatThrownBy(() -> InputLock.acquire(database, "a-key-longer-than-three"))
                .isInstanceOf(InputLock.JobDatabaseException.class)
                .hasMessageStartingWith("could not register the input in the job database: ");
    }

    @Test
    void shouldSayTheLockWasLostWhenItsReleaseFails() throws SQLException {
        // given a lock whose connection is gone by the end of the run
        Database database = new Database("VARCHAR(100)");
        InputLock lock = InputLock.acquire(database, "key");
        database.handedOut.get(database.handedOut.size() - 1).close();

        // when, then
        assertThatThrownBy(lock::close).isInstanceOf(InputLock.JobDatabaseException.class)
                .hasMessageStartingWith("lost the job database connection that held this input's lock");
    }
}
