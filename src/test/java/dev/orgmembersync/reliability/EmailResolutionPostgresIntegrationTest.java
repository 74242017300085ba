package dev.orgmembersync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.TenantSeed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample HR export with a PostgreSQL job database, where DDL is transactional: the parallel by-email lookups
 * write into the run's accounts table while the step's own transaction is open, and must not wait on it; invitations
 * are recorded across runs in the same database.
 */
class EmailResolutionPostgresIntegrationTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldResolveByEmailAndByExportWhenTheJobDatabaseIsPostgres() throws IOException {
        PostgresDatabase.assumeAvailable();
        TenantSeed sample = TenantSeed.read(Path.of("samples/sandbox-tenant.json"));
        Path input = Path.of("samples/hr-export.csv").toAbsolutePath();
        for (String lookup : List.of("by-email", "export")) {
            try (PostgresDatabase database = PostgresDatabase.create();
                    SyncRunFixture fixture = new SyncRunFixture(dir.resolve(lookup), SandboxSettings.unlimited(), sample)) {
                // when
                int exit = fixture.run(input, "--spring.datasource.url=" + database.jobDatabase().url(),
                        "--spring.datasource.username=" + database.jobDatabase().user(),
                        "--sync.users.lookup=" + lookup, "--sync.users.export-poll-interval=20ms",
                        "--sync.rate-limit.users.per-minute=60000", "--sync.rate-limit.users.burst=100");

                // then
                assertThat(exit).as(lookup).isEqualTo(2);
                JsonNode users = fixture.summary().path("users");
                assertThat(users.path("lookup").asString()).isEqualTo(lookup);
                assertThat(users.path("resolved").asLong()).as(lookup).isEqualTo(14);
                assertThat(users.path("ambiguous").asLong()).as(lookup).isEqualTo(1);
                assertThat(users.path("unknown").asLong()).as(lookup).isEqualTo(1);
                assertThat(fixture.summary().path("counts").path("ADDED").asLong()).as(lookup).isEqualTo(9);
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldInviteOnceAcrossRunsWhenTheJobDatabaseIsPostgres() throws IOException {
        PostgresDatabase.assumeAvailable();
        TenantSeed sample = TenantSeed.read(Path.of("samples/sandbox-tenant.json"));
        Path input = Path.of("samples/hr-export.csv").toAbsolutePath();
        try (PostgresDatabase database = PostgresDatabase.create();
                SyncRunFixture fixture = new SyncRunFixture(dir, SandboxSettings.unlimited(), sample)) {
            String[] args = { "--spring.datasource.url=" + database.jobDatabase().url(),
                    "--spring.datasource.username=" + database.jobDatabase().user(), "--sync.invite.enabled=true",
                    "--sync.invite.client-id=app_Portal", "--sync.invite.inviter-name=Acme HR",
                    "--sync.rate-limit.invitations.per-minute=60000" };

            // when
            fixture.run(input, args);
            JsonNode first = fixture.summary().path("users").path("invitations");
            fixture.run(input, args);
            JsonNode second = fixture.summary().path("users").path("invitations");

            // then
            assertThat(first.path("invited").asLong()).isEqualTo(1);
            assertThat(second.path("invited").asLong()).isZero();
            assertThat(second.path("alreadyInvited").asLong()).isEqualTo(1);
            assertThat(fixture.sandbox().stats().invitationsPostRequests()).isEqualTo(1);
        }
    }
}
