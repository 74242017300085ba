package dev.orgmembersync.sync;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.ADMIN_ROLE;
import static dev.orgmembersync.SyncRunFixture.GLOBEX;
import static dev.orgmembersync.SyncRunFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.TenantSeed;

/**
 * The {@code roles} column through the real main against the sandbox tenant: ACME has users 1-3, user 1 with the
 * role Editor and user 2 with viewer; the tenant roles are admin, viewer and Editor.
 */
class RolesIntegrationTest {

    private static final String EDITOR_ROLE = "rol_EditorTest00001";
    private static final String HEADER = "organization_id,user_id,roles\n";
    private static final String MIRROR = "--sync.mode=mirror";

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture fixture;

    private SyncRunFixture start(TenantSeed extra) {
        fixture = new SyncRunFixture(dir, SandboxSettings.unlimited(), extra);
        return fixture;
    }

    private static TenantSeed seed() {
        return SyncRunFixture.seed(10, 3).withRole(EDITOR_ROLE, "Editor", null)
                .withMemberRoles(ACME, user(1), EDITOR_ROLE)
                .withMemberRoles(ACME, user(2), SyncRunFixture.VIEWER_ROLE);
    }

    private Path input(String rows) throws IOException {
        return Files.writeString(dir.resolve("members.csv"), HEADER + rows);
    }

    private Map<String, String[]> byLine() {
        return fixture.reportBy(row -> row[0]);
    }

    @Test
    void shouldAddTheMissingRolesOnceAndSendNoRoleCallWhenRunAgain() throws IOException {
        // given
        start(seed());
        Path input = input(ACME + "," + user(1) + ",viewer\n" + ACME + "," + user(2) + ",viewer;admin\n"
                + ACME + "," + user(4) + ",admin\n" + ACME + "," + user(5) + ",\n");

        // when
        int exit = fixture.run(input);

        // then: added after the membership, Editor kept (add mode removes nothing), no roles value left alone
        assertThat(exit).isZero();
        assertThat(fixture.sandbox().roles().namesOf(ACME, user(1))).containsExactly("Editor", "viewer");
        assertThat(fixture.sandbox().roles().namesOf(ACME, user(2))).containsExactly("viewer", "admin");
        assertThat(fixture.sandbox().roles().namesOf(ACME, user(4))).containsExactly("admin");
        assertThat(fixture.sandbox().roles().namesOf(ACME, user(5))).isEmpty();
        assertThat(fixture.sandbox().roles().changes("POST")).isEqualTo(3);
        assertThat(fixture.sandbox().roles().changes("DELETE")).isZero();
        assertThat(fixture.sandbox().roles().listings()).as("one lookup per distinct name").isEqualTo(2);
        Map<String, String[]> rows = byLine();
        assertThat(rows.get("2")[3]).isEqualTo("ALREADY_MEMBER");
        assertThat(rows.get("2")[4]).endsWith("; roles added: viewer");
        assertThat(rows.get("2")[7]).isEqualTo("Editor;viewer");
        assertThat(rows.get("3")[4]).endsWith("; roles added: admin");
        assertThat(rows.get("4")[3]).isEqualTo("ADDED");
        assertThat(rows.get("4")[7]).isEqualTo("admin");
        assertThat(rows.get("5")[4]).doesNotContain("roles");
        assertThat(fixture.summary().path("plan").path("buckets").toString()).contains("\"member_roles\"");

        // when the same input runs again
        assertThat(fixture.run(input, "--sync.history.keep-runs=5")).isZero();

        // then
        assertThat(fixture.sandbox().roles().changes("POST")).as("no role call: the roles are there").isEqualTo(3);
        assertThat(byLine().get("2")[4]).doesNotContain("roles added");
        assertThat(byLine().get("2")[7]).isEqualTo("Editor;viewer");
    }

    @Test
    void shouldRemoveOnceTheRolesARowDoesNotNameInMirrorMode() throws IOException {
        // given
        start(seed());
        Path input = input(ACME + "," + user(1) + ",viewer\n" + ACME + "," + user(2) + ",\n" + ACME + "," + user(3)
                + ",\n");

        // when
        int exit = fixture.run(input, MIRROR);

        // then
        assertThat(exit).isZero();
        assertThat(fixture.sandbox().roles().namesOf(ACME, user(1))).containsExactly("viewer");
        assertThat(fixture.sandbox().roles().namesOf(ACME, user(2))).as("no roles value: left alone").containsExactly("viewer");
        assertThat(fixture.sandbox().roles().changes("DELETE", ACME, user(1))).isEqualTo(1);
        assertThat(byLine().get("2")[4]).endsWith("; roles added: viewer; removed: Editor");
        assertThat(byLine().get("2")[7]).isEqualTo("viewer");

        // when run again
        assertThat(fixture.run(input, MIRROR)).isZero();

        // then
        assertThat(fixture.sandbox().roles().changes("DELETE")).isEqualTo(1);
        assertThat(fixture.sandbox().roles().changes("POST")).isEqualTo(1);
    }

    @Test
    void shouldHoldEveryRoleRemovalOfAnOrganizationOverTheGuard() throws IOException {
        // given
        start(seed());
        Path input = input(ACME + "," + user(1) + ",viewer\n" + ACME + "," + user(2) + ",admin\n" + ACME + ","
                + user(3) + ",\n");

        // when two role removals meet a limit of one
        int exit = fixture.run(input, MIRROR, "--sync.mirror.max-role-removals=1");

        // then nothing is removed, the additions still happen
        assertThat(exit).isEqualTo(2);
        assertThat(fixture.sandbox().roles().changes("DELETE")).isZero();
        assertThat(fixture.sandbox().roles().namesOf(ACME, user(1))).containsExactly("Editor", "viewer");
        assertThat(fixture.sandbox().roles().namesOf(ACME, user(2))).containsExactly("viewer", "admin");
        String[] held = byLine().get("2");
        assertThat(held[3]).isEqualTo("REMOVAL_HELD");
        assertThat(held[4]).contains("would lose 2 roles, over sync.mirror.max-role-removals=1")
                .endsWith("roles added: viewer; not removed: Editor");

        // when raised
        assertThat(fixture.run(input, MIRROR, "--sync.mirror.max-role-removals=2")).isZero();
        assertThat(fixture.sandbox().roles().namesOf(ACME, user(1))).containsExactly("viewer");
        assertThat(fixture.sandbox().roles().namesOf(ACME, user(2))).containsExactly("admin");
    }

    @Test
    void shouldMakeARowInvalidBeforeAnyCallWhenItNamesARoleAuth0DoesNotHave() throws IOException {
        // given: names are matched exactly ("Viewer" is not "viewer"), two tenant roles named Auditor
        start(seed().withRole("rol_Auditor00000001", "Auditor", null).withRole("rol_Auditor00000002", "Auditor", null));
        Path input = input(ACME + "," + user(4) + ",Viewer\n" + ACME + "," + user(5) + ",admin;Auditor\n" + ACME + ","
                + user(6) + ",admin\n");

        // when
        int exit = fixture.run(input);

        // then
        assertThat(exit).isEqualTo(2);
        Map<String, String[]> rows = byLine();
        assertThat(rows.get("2")[3]).isEqualTo("INVALID");
        assertThat(rows.get("2")[4]).isEqualTo("roles: unknown role 'Viewer'");
        assertThat(rows.get("3")[3]).isEqualTo("INVALID");
        assertThat(rows.get("3")[4]).contains("2 roles are named 'Auditor'").contains("rol_Auditor00000001");
        assertThat(fixture.sandbox().members(ACME)).doesNotContain(user(4), user(5)).contains(user(6));
        assertThat(fixture.sandbox().roles().changes("POST", ACME, user(4))).isZero();
        assertThat(rows.get("4")[7]).isEqualTo("admin");
    }

    @Test
    void shouldTakeTheOrganizationsOwnRoleBeforeTheTenantRoleOfTheSameName() throws IOException {
        // given: GLOBEX owns a role named admin, beside the tenant's
        start(seed().withRole("rol_GlobexAdmin00001", "admin", GLOBEX));
        Path input = input(GLOBEX + "," + user(7) + ",admin\n" + ACME + "," + user(8) + ",admin\n");

        // when
        assertThat(fixture.run(input)).isZero();

        // then
        assertThat(fixture.sandbox().roles().idsOf(GLOBEX, user(7))).containsExactly("rol_GlobexAdmin00001");
        assertThat(fixture.sandbox().roles().idsOf(ACME, user(8))).containsExactly(ADMIN_ROLE);
    }

    @Test
    void shouldMarkTheRowFailedWithAuth0sAnswerWhenTheMemberHasFiftyRoles() throws IOException {
        // given user 3 already has 50 roles
        TenantSeed seed = seed();
        String[] fifty = IntStream.rangeClosed(1, 50).mapToObj(n -> String.format("rol_Many%011d", n))
                .toArray(String[]::new);
        for (String id : fifty) {
            seed = seed.withRole(id, "many-" + id, null);
        }
        start(seed.withMemberRoles(ACME, user(3), fifty));
        Path input = input(ACME + "," + user(3) + ",admin\n" + ACME + "," + user(2) + ",admin\n");

        // when
        int exit = fixture.run(input);

        // then
        assertThat(exit).isEqualTo(2);
        assertThat(byLine().get("2")[3]).isEqualTo("FAILED");
        assertThat(byLine().get("2")[4]).contains("roles: Auth0 refused adding admin")
                .contains("No more roles can be assigned to this organization member.");
        assertThat(byLine().get("3")[3]).isEqualTo("ALREADY_MEMBER");
        assertThat(fixture.sandbox().roles().namesOf(ACME, user(2))).containsExactly("viewer", "admin");
    }

    @Test
    void shouldSendNoRoleCallInADryRunAndSayWhatItWouldDo() throws IOException {
        // given
        start(seed());
        Path input = input(ACME + "," + user(1) + ",viewer\n" + ACME + "," + user(2) + ",\n" + ACME + "," + user(3)
                + ",\n" + ACME + "," + user(4) + ",admin\n");

        // when
        int exit = fixture.run(input, MIRROR, "--sync.dry-run=true");

        // then
        assertThat(exit).isZero();
        assertThat(fixture.sandbox().roles().changes("POST") + fixture.sandbox().roles().changes("DELETE")).isZero();
        assertThat(byLine().get("2")[4]).endsWith("; roles to add: viewer; to remove: Editor");
        assertThat(byLine().get("2")[7]).as("what is true now").isEqualTo("Editor");
        assertThat(byLine().get("5")[3]).isEqualTo("WOULD_ADD");
        assertThat(byLine().get("5")[4]).endsWith("roles to add: admin");
        assertThat(fixture.sandbox().roles().namesOf(ACME, user(1))).containsExactly("Editor");
    }
}
