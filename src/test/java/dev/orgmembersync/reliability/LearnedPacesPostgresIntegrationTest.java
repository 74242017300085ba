package dev.orgmembersync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.orgmembersync.ledger.LearnedPaces;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@code sync_pace} on PostgreSQL, as a shared or containerised job database holds it. */
class LearnedPacesPostgresIntegrationTest {

    @Test
    void shouldKeepOnePacePerTenantAndBucketTheLastRunWins() {
        PostgresDatabase.assumeAvailable();
        try (PostgresDatabase database = PostgresDatabase.create().withSchema()) {
            LearnedPaces paces = new LearnedPaces(new DriverManagerDataSource(database.jobDatabase().url(),
                    database.jobDatabase().user(), ""));
            // when run 1 learns two buckets, run 2 one of them again, and another tenant its own
            paces.save("acme.us.auth0.com", Map.of("MEMBER_WRITES", 980.5, "MEMBER_READS", 2_400.0), 1);
            paces.save("acme.us.auth0.com", Map.of("MEMBER_WRITES", 1_020.0), 2);
            paces.save("globex.eu.auth0.com", Map.of("MEMBER_WRITES", 150.0), 3);
            // then each tenant reads its own, the latest per bucket
            assertThat(paces.of("acme.us.auth0.com")).containsOnly(
                    Map.entry("MEMBER_READS", new LearnedPaces.Pace(2_400.0, 1)),
                    Map.entry("MEMBER_WRITES", new LearnedPaces.Pace(1_020.0, 2)));
            assertThat(paces.of("globex.eu.auth0.com")).containsOnly(
                    Map.entry("MEMBER_WRITES", new LearnedPaces.Pace(150.0, 3)));
        }
    }
}
