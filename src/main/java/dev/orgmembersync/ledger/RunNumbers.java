package dev.orgmembersync.ledger;

import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The runs of each input, numbered 1, 2, 3, ... ({@code sync_run}, one row per run, each committed on its own), and
 * the counter that earlier versions kept in {@code sync_input}.
 */
public class RunNumbers {

    private final JdbcTemplate jdbc;

    public RunNumbers(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The newest recorded run of the input, null when none is. */
    public Long newest(String inputKey) {
        return jdbc.queryForObject("SELECT MAX(run_number) FROM sync_run WHERE input_key = ?", Long.class, inputKey);
    }

    /** The run counter of earlier versions, null when the input has no row. */
    public Long earlierVersionsCounter(String inputKey) {
        return jdbc.queryForObject("SELECT run_number FROM sync_input WHERE input_key = ?", Long.class, inputKey);
    }

    /** Records the run; repeats are ignored. */
    public void record(String inputKey, long run) {
        jdbc.update("INSERT INTO sync_run (input_key, run_number) SELECT ?, ? WHERE NOT EXISTS"
                + " (SELECT 1 FROM sync_run WHERE input_key = ? AND run_number = ?)", inputKey, run, inputKey, run);
    }

    /** Recorded runs numbered {@code last} or lower, oldest first. */
    public List<Long> upTo(String inputKey, long last) {
        return jdbc.queryForList("SELECT run_number FROM sync_run WHERE input_key = ? AND run_number <= ?"
                + " ORDER BY run_number", Long.class, inputKey, last);
    }

    public void forget(String inputKey, long run) {
        jdbc.update("DELETE FROM sync_run WHERE input_key = ? AND run_number = ?", inputKey, run);
    }
}
