package dev.orgmembersync.sync;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.GLOBEX;
import static dev.orgmembersync.SyncRunFixture.user;
import static dev.orgmembersync.SyncRunFixture.users;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.TenantSeed;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code sync.mode=mirror} through the real main against the sandbox tenant: ACME holds users 1-100, GLOBEX users
 * 101-120, INITECH (never named by an input) users 121-130.
 */
@ExtendWith(OutputCaptureExtension.class)
class MirrorModeIntegrationTest {

    private static final String INITECH = "org_InitechTest0001";
    private static final String MIRROR = "--sync.mode=mirror";

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture fixture;

    private SyncRunFixture start(SandboxSettings settings) {
        TenantSeed seed = TenantSeed.empty().withUsers(users(1, 200))
                .withOrganization(ACME, "acme", users(1, 100))
                .withOrganization(GLOBEX, "globex", users(101, 120))
                .withOrganization(INITECH, "initech", users(121, 130))
                .withClient("no-delete-client", "no-delete-secret", "read:organization_members",
                        "create:organization_members", "read:organizations", "read:users");
        fixture = new SyncRunFixture(dir, settings, seed);
        return fixture;
    }

    private static List<String> rows(String organization, int from, int to) {
        return users(from, to).stream().map(id -> organization + "," + id).toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return Stream.of(parts).flatMap(List::stream).toList();
    }

    /** "organization user" of the report rows with this status. */
    private Set<String> withStatus(String status) {
        return fixture.report().stream().filter(row -> row[3].equals(status)).map(row -> row[1] + " " + row[2])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> members(String organization, int from, int to) {
        return users(from, to).stream().map(id -> organization + " " + id).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void shouldRemoveExactlyTheLeaversOfTheNamedOrganizationsAndNobodyElse() {
        // given ACME without users 96-100 and with a joiner (150), GLOBEX without user 120; INITECH not named
        SyncRunFixture run = start(SandboxSettings.unlimited());
        Path input = run.csv("hr.csv", concat(rows(ACME, 1, 95), List.of(ACME + "," + user(150)), rows(GLOBEX, 101, 119)));
        // when
        int exit = run.run(input, MIRROR);
        // then the five and the one are removed, once each, in one DELETE per organization; the joiner is added
        assertThat(exit).isZero();
        assertThat(run.sandbox().members(ACME)).containsExactlyInAnyOrderElementsOf(
                concat(users(1, 95), List.of(user(150))));
        assertThat(run.sandbox().members(GLOBEX)).containsExactlyInAnyOrderElementsOf(users(101, 119));
        assertThat(run.sandbox().members(INITECH)).containsExactlyInAnyOrderElementsOf(users(121, 130));
        assertThat(run.sandbox().deleteRequests()).isEqualTo(2);
        // and each named organization is listed twice (a page and Auth0's trailing empty page each time): once by
        // the snapshot, once by verification, which confirms ACME's add and its removals on the same listing
        assertThat(run.sandbox().stats().membersGetRequests()).isEqualTo(8);
        for (String leaver : concat(users(96, 100))) {
            assertThat(run.sandbox().deletesFor(ACME, leaver)).as(leaver).isEqualTo(1);
        }
        assertThat(run.sandbox().deletesFor(GLOBEX, user(120))).isEqualTo(1);
        Set<String> removed = new TreeSet<>(members(ACME, 96, 100));
        removed.add(GLOBEX + " " + user(120));
        assertThat(withStatus("REMOVED")).isEqualTo(removed);
        assertThat(run.report().stream().filter(row -> row[3].equals("REMOVED"))).allMatch(row -> row[0].isEmpty());
        assertThat(withStatus("ADDED")).containsExactly(ACME + " " + user(150));
        assertThat(run.summary().path("counts").path("REMOVED").asLong()).isEqualTo(6);
        assertThat(run.summary().path("rows").asLong()).isEqualTo(115);
        // and the plan made before the first write counted the removals and their confirming listings
        assertThat(plannedCalls(run, "member_writes")).isEqualTo(3);
        assertThat(plannedCalls(run, "member_reads")).isEqualTo(8);
    }

    private static long plannedCalls(SyncRunFixture run, String bucket) {
        for (var entry : run.summary().path("plan").path("buckets")) {
            if (entry.path("bucket").asString().equals(bucket)) {
                return entry.path("calls").asLong();
            }
        }
        return 0;
    }

    @Test
    void shouldNeverRemoveInAddMode() {
        // given the same leavers, default mode
        SyncRunFixture run = start(SandboxSettings.unlimited());
        // when
        int exit = run.run(run.csv("hr.csv", rows(ACME, 1, 95)));
        // then they are only reported
        assertThat(exit).isZero();
        assertThat(run.sandbox().deleteRequests()).isZero();
        assertThat(run.sandbox().members(ACME)).hasSize(100);
        assertThat(withStatus("UNLISTED_MEMBER")).isEqualTo(members(ACME, 96, 100));
    }

    @Test
    void shouldHoldEveryRemovalOfAnOrganizationOverThePercentGuardAndReleaseThemWhenRaised(CapturedOutput output)
            throws IOException {
        // given an input that lists 80 of ACME's 100 members: 20 % would go, the default limit is 10 %
        SyncRunFixture run = start(SandboxSettings.unlimited());
        Path input = run.csv("truncated.csv", rows(ACME, 1, 80));
        // when
        int held = run.run(input, MIRROR);
        // then nothing is removed, the 20 are REMOVAL_HELD with the numbers, one warning names the option
        assertThat(held).isEqualTo(2);
        assertThat(run.sandbox().deleteRequests()).isZero();
        assertThat(run.sandbox().members(ACME)).hasSize(100);
        assertThat(withStatus("REMOVAL_HELD")).isEqualTo(members(ACME, 81, 100));
        assertThat(run.report().stream().filter(row -> row[3].equals("REMOVAL_HELD")).map(row -> row[4]))
                .allMatch(detail -> detail.contains("20 of its 100 members (20.0 %) are not in the input")
                        && detail.contains("over sync.mirror.max-removal-percent=10")
                        && !detail.contains("max-removals="));
        assertThat(output.getOut().lines().filter(line -> line.contains("WARN") && line.contains(ACME)
                && line.contains("sync.mirror.max-removal-percent=10"))).hasSize(1);
        String html = Files.readString(run.reportDir().resolve("report.html"));
        assertThat(html).contains("mirror");

        // when the same input runs again with the limit raised
        int released = run.run(input, MIRROR, "--sync.mirror.max-removal-percent=20");
        // then the 20 are removed
        assertThat(released).isZero();
        assertThat(run.sandbox().members(ACME)).containsExactlyInAnyOrderElementsOf(users(1, 80));
        assertThat(withStatus("REMOVED")).isEqualTo(members(ACME, 81, 100));
    }

    @Test
    void shouldHoldOverTheCountGuardAndReleaseWhenRaised() {
        // given 6 leavers of 100 (6 %, under the percent guard) and at most 5 removals
        SyncRunFixture run = start(SandboxSettings.unlimited());
        Path input = run.csv("hr.csv", rows(ACME, 1, 94));
        // when
        int held = run.run(input, MIRROR, "--sync.mirror.max-removals=5");
        // then
        assertThat(held).isEqualTo(2);
        assertThat(run.sandbox().deleteRequests()).isZero();
        assertThat(run.report().stream().filter(row -> row[3].equals("REMOVAL_HELD")).map(row -> row[4]))
                .hasSize(6).allMatch(detail -> detail.contains("over sync.mirror.max-removals=5")
                        && !detail.contains("percent="));
        // when raised to 6
        int released = run.run(input, MIRROR, "--sync.mirror.max-removals=6");
        // then
        assertThat(released).isZero();
        assertThat(withStatus("REMOVED")).isEqualTo(members(ACME, 95, 100));
    }

    @Test
    void shouldKeepMembersListedByIdEmailOrConnection() {
        // given ten leavers; 91 kept by id, 92 by email (as Auth0 lists it), 93 by its account's connection
        SyncRunFixture run = start(SandboxSettings.unlimited());
        run.sandbox().addAccount(user(93), "break-glass@acme.example", "break-glass-admins");
        // when
        int exit = run.run(run.csv("hr.csv", rows(ACME, 1, 90)), MIRROR, "--sync.mirror.keep=" + user(91)
                + ",USER0092@users.example.com,connection:break-glass-admins");
        // then
        assertThat(exit).isZero();
        assertThat(withStatus("KEPT")).isEqualTo(members(ACME, 91, 93));
        assertThat(withStatus("REMOVED")).isEqualTo(members(ACME, 94, 100));
        assertThat(run.sandbox().members(ACME)).containsExactlyInAnyOrderElementsOf(users(1, 93));
        assertThat(run.report().stream().filter(row -> row[3].equals("KEPT")).map(row -> row[4]))
                .anyMatch(detail -> detail.contains("connection break-glass-admins"));
    }

    @Test
    void shouldNotRemoveAMemberWhomAnInvalidOrUnknownRowMentions() throws IOException {
        // given leavers 91-100, but an invalid row names user 92 (with a mistyped organization) and a row by email
        // names user 93's address, which no account has
        SyncRunFixture run = start(SandboxSettings.unlimited());
        List<String> lines = new ArrayList<>(List.of("organization_id,user_id,email"));
        users(1, 90).forEach(id -> lines.add(ACME + "," + id + ","));
        lines.add("org-Acme," + user(92) + ",");
        lines.add(ACME + ",,user0093@users.example.com");
        Path input = Files.write(dir.resolve("hr.csv"), lines);
        // when
        int exit = run.run(input, MIRROR);
        // then 92 and 93 stay, KEPT naming their lines; the other eight leave
        assertThat(exit).isEqualTo(2);
        assertThat(withStatus("KEPT")).isEqualTo(members(ACME, 92, 93));
        assertThat(run.report().stream().filter(row -> row[3].equals("KEPT")).map(row -> row[2] + ": " + row[4]))
                .anyMatch(kept -> kept.startsWith(user(92) + ": not removed: line 92 of the input names this user"))
                .anyMatch(kept -> kept.startsWith(user(93) + ": not removed: line 93 of the input names this user"));
        assertThat(withStatus("REMOVED")).isEqualTo(Stream.concat(members(ACME, 91, 91).stream(),
                members(ACME, 94, 100).stream()).collect(Collectors.toCollection(TreeSet::new)));
        assertThat(run.sandbox().members(ACME)).contains(user(92), user(93)).doesNotContain(user(91), user(94));
    }

    @Test
    void shouldPlanInTheDryRunExactlyWhatTheRealRunDoes() {
        // given ACME with 6 leavers (removed) and GLOBEX with 10 of 20 (held)
        SyncRunFixture run = start(SandboxSettings.unlimited());
        Path input = run.csv("hr.csv", concat(rows(ACME, 1, 94), rows(GLOBEX, 101, 110)));
        // when dry
        int dry = run.run(input, MIRROR, "--sync.dry-run=true");
        Set<String> wouldRemove = withStatus("WOULD_REMOVE");
        Set<String> heldDry = withStatus("REMOVAL_HELD");
        // then nothing is deleted
        assertThat(dry).isEqualTo(2);
        assertThat(run.sandbox().deleteRequests()).isZero();
        assertThat(wouldRemove).isEqualTo(members(ACME, 95, 100));
        assertThat(heldDry).isEqualTo(members(GLOBEX, 111, 120));
        // when real
        int real = run.run(input, MIRROR);
        // then the same plan
        assertThat(real).isEqualTo(2);
        assertThat(withStatus("REMOVED")).isEqualTo(wouldRemove);
        assertThat(withStatus("REMOVAL_HELD")).isEqualTo(heldDry);
    }

    @Test
    void shouldConfirmARemovalThatShowsLateAfterARecheck(CapturedOutput output) {
        // given removed members stay listed for 1.5 s
        SyncRunFixture run = start(SandboxSettings.unlimited());
        run.sandbox().removalDelay(Duration.ofMillis(1500));
        // when
        int exit = run.run(run.csv("hr.csv", rows(ACME, 1, 95)), MIRROR, "--sync.verify.recheck-delay=500ms");
        // then
        assertThat(exit).isZero();
        assertThat(withStatus("REMOVED")).isEqualTo(members(ACME, 96, 100));
        assertThat(output.getOut()).contains("5 removed members still listed; checking again");
    }

    @Test
    void shouldReportRemovalUnconfirmedWhenAuth0KeepsListingTheMember() {
        // given removed members that never leave the listing
        SyncRunFixture run = start(SandboxSettings.unlimited());
        run.sandbox().removalDelay(Duration.ofHours(1));
        // when
        int exit = run.run(run.csv("hr.csv", rows(ACME, 1, 95)), MIRROR, "--sync.verify.rechecks=2",
                "--sync.verify.recheck-delay=50ms");
        // then
        assertThat(exit).isEqualTo(2);
        assertThat(withStatus("REMOVAL_UNCONFIRMED")).isEqualTo(members(ACME, 96, 100));
        assertThat(run.sandbox().deleteRequests()).isEqualTo(1);
    }

    @Test
    void shouldReportTheMembersOfARefusedRemovalFailedWithAuth0sAnswer() throws IOException {
        // given Auth0 refusing every DELETE with a 400 that names no user
        SyncRunFixture run = start(SandboxSettings.unlimited());
        java.util.concurrent.atomic.AtomicInteger deletes = new java.util.concurrent.atomic.AtomicInteger();
        try (AnsweringProxy proxy = new AnsweringProxy(run.sandbox().baseUrl(), seen -> seen.method().equals("DELETE")
                && deletes.incrementAndGet() > 0
                ? java.util.Optional.of(AnsweringProxy.Answer.error(400, "Bad Request", "Invalid request body.", "invalid_body"))
                : java.util.Optional.empty())) {
            // when
            int exit = run.run(run.csv("hr.csv", rows(ACME, 1, 95)), MIRROR, "--auth0.base-url=" + proxy.baseUrl());
            // then one call, not retried; the five are FAILED with Auth0's answer, exit 2, nobody removed
            assertThat(exit).isEqualTo(2);
            assertThat(deletes).hasValue(1);
            assertThat(withStatus("FAILED")).isEqualTo(members(ACME, 96, 100));
            assertThat(run.report().stream().filter(row -> row[3].equals("FAILED")).map(row -> row[4]))
                    .allMatch(detail -> detail.contains("not removed: HTTP 400 invalid_body: Invalid request body."));
            assertThat(run.sandbox().members(ACME)).hasSize(100);
        }
    }

    @Test
    void shouldStopWithTheMissingScopeWhenTheClientMayNotDelete(CapturedOutput output) {
        // given a client without delete:organization_members
        SyncRunFixture run = start(SandboxSettings.unlimited());
        // when
        int exit = run.run(run.csv("hr.csv", rows(ACME, 1, 95)), MIRROR, "--auth0.client-id=no-delete-client",
                "--auth0.client-secret=no-delete-secret");
        // then
        assertThat(exit).isEqualTo(1);
        assertThat(output.getErr() + output.getOut()).contains("delete:organization_members");
        assertThat(run.sandbox().members(ACME)).hasSize(100);
    }
}
