package dev.orgmembersync.reliability;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.user;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.TenantSeed;

/**
 * Mirror mode with a PostgreSQL job database: the removal plan's queries (unresolved rows, members the input
 * mentions, the guard) and the removals, as {@code MirrorModeIntegrationTest} checks them on H2.
 */
class MirrorModePostgresIntegrationTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldRemoveTheLeaversButNotThoseAnUnresolvedRowMentionsOnPostgres() throws IOException {
        PostgresDatabase.assumeAvailable();
        // given ACME with users 1-100; the input lists 1-90, an invalid row names 92, a row by email 93's address
        TenantSeed seed = TenantSeed.empty().withUsers(users(1, 100)).withOrganization(ACME, "acme", users(1, 100));
        List<String> lines = new ArrayList<>(List.of("organization_id,user_id,email"));
        users(1, 90).forEach(id -> lines.add(ACME + "," + id + ","));
        lines.add("org-Acme," + user(92) + ",");
        lines.add(ACME + ",,user0093@users.example.com");
        Path input = Files.write(dir.resolve("hr.csv"), lines);
        try (PostgresDatabase database = PostgresDatabase.create();
                SyncRunFixture fixture = new SyncRunFixture(dir, SandboxSettings.unlimited(), seed)) {
            String[] postgres = { "--spring.datasource.url=" + database.jobDatabase().url(),
                "--spring.datasource.username=" + database.jobDatabase().user(), "--sync.mode=mirror" };
            // when a dry run, then the real run
            int dry = fixture.run(input, concat(postgres, "--sync.dry-run=true"));
            Set<String> wouldRemove = withStatus(fixture, "WOULD_REMOVE");
            int exit = fixture.run(input, postgres);

            // then 92 and 93 are kept, the other eight leave, as the dry run said
            assertThat(dry).isEqualTo(2);
            assertThat(exit).isEqualTo(2);
            assertThat(withStatus(fixture, "KEPT")).containsExactly(user(92), user(93));
            Set<String> leavers = new TreeSet<>(users(94, 100));
            leavers.add(user(91));
            assertThat(withStatus(fixture, "REMOVED")).isEqualTo(leavers).isEqualTo(wouldRemove);
            assertThat(fixture.sandbox().members(ACME)).hasSize(92).contains(user(92), user(93));
        }
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static Set<String> withStatus(SyncRunFixture fixture, String status) {
        return fixture.report().stream().filter(row -> row[3].equals(status)).map(row -> row[2])
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
