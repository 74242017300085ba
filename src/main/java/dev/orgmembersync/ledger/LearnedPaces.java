package dev.orgmembersync.ledger;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Table {@code sync_pace}: per tenant and rate-limit bucket, the calls per minute the last run that used the bucket
 * found it to allow, so that the next night starts at that pace. Buckets are named by the caller.
 */
@Repository
public class LearnedPaces {

    private final JdbcTemplate jdbc;

    public LearnedPaces(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** A bucket's pace and the run that learned it. */
    public record Pace(double perMinute, long runId) {
    }

    /** The paces learned for {@code tenant}, by bucket name. */
    public Map<String, Pace> of(String tenant) {
        Map<String, Pace> paces = new LinkedHashMap<>();
        jdbc.query("SELECT bucket, per_minute, run_id FROM sync_pace WHERE tenant = ? ORDER BY bucket",
                rs -> {
                    paces.put(rs.getString(1), new Pace(rs.getDouble(2), rs.getLong(3)));
                }, tenant);
        return paces;
    }

    /** Records what {@code runId} learned; each bucket on its own, so two processes on one tenant both land. */
    public void save(String tenant, Map<String, Double> perMinute, long runId) {
        perMinute.forEach((bucket, pace) -> {
            if (update(tenant, bucket, pace, runId) == 0) {
                try {
                    jdbc.update("INSERT INTO sync_pace (tenant, bucket, per_minute, run_id) VALUES (?, ?, ?, ?)",
                            tenant, bucket, pace, runId);
                }
                catch (DuplicateKeyException ex) {
                    update(tenant, bucket, pace, runId);
                }
            }
        });
    }

    private int update(String tenant, String bucket, double pace, long runId) {
        return jdbc.update("UPDATE sync_pace SET per_minute = ?, run_id = ? WHERE tenant = ? AND bucket = ?", pace,
                runId, tenant, bucket);
    }
}
