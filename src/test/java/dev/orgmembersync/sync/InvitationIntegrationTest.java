package dev.orgmembersync.sync;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.GLOBEX;
import static dev.orgmembersync.SyncRunFixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import tools.jackson.databind.JsonNode;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxInvitation;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.TenantSeed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Invitations for rows by email that no Auth0 account has ({@code sync.invite.*}), against the sandbox: one invitation
 * per organization and email, none sent twice across reruns or after an unclear answer, the first 400 stops the
 * rest, expired invitations are replaced, dry runs send nothing, and bad options stop the run before any call.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvitationIntegrationTest {

    private static final String JANE = user(1);
    private static final String APP = "app_Portal0000000001";
    /** The header is line 1: new.hire twice in acme (in two spellings), once in globex, jane has an account. */
    private static final String HR_EXPORT = """
            organization_name,email,department
            acme,new.hire@example.com,Sales
            acme,New.Hire@Example.com,Sales
            globex,new.hire@example.com,Ops
            acme,jane@example.com,Sales
            """;
    private static final String[] INVITE = { "--sync.invite.enabled=true", "--sync.invite.client-id=" + APP,
            "--sync.invite.inviter-name=Acme HR", "--sync.users.lookup=by-email" };

    @TempDir
    Path dir;

    private SyncRunFixture fixture() {
        TenantSeed seed = SyncRunFixture.seed(3, 0).withAccount(JANE, "jane@example.com", null);
        return new SyncRunFixture(dir, SandboxSettings.unlimited(), seed);
    }

    @Test
    void shouldInviteEachOrganizationAndEmailOnceAndFindTheInvitationOnTheRerun() {
        try (SyncRunFixture fixture = fixture()) {
            // given
            Path input = write(HR_EXPORT);
            Instant before = Instant.now();

            // when
            int first = fixture.run(input, INVITE);
            Map<String, String[]> firstReport = fixture.reportBy(row -> row[0]);
            JsonNode firstSummary = fixture.summary();
            Element acmeOnPage = organizationRow(fixture, ACME);
            int second = fixture.run(input, INVITE);
            Map<String, String[]> secondReport = fixture.reportBy(row -> row[0]);

            // then: one invitation per organization, the repeated row points at it, the run succeeds
            assertThat(first).isEqualTo(ExitCodes.OK);
            List<SandboxInvitation> acme = fixture.sandbox().invitations(ACME);
            List<SandboxInvitation> globex = fixture.sandbox().invitations(GLOBEX);
            assertThat(acme).hasSize(1);
            assertThat(globex).hasSize(1);
            SandboxInvitation invitation = acme.get(0);
            assertThat(invitation.email()).isEqualTo("new.hire@example.com");
            assertThat(invitation.clientId()).isEqualTo(APP);
            assertThat(invitation.inviterName()).isEqualTo("Acme HR");
            assertThat(invitation.connectionId()).isNull();
            assertThat(invitation.sendEmail()).isTrue();
            assertThat(invitation.expiresAt()).isCloseTo(before.plus(Duration.ofDays(7)), within(1, ChronoUnit.MINUTES));
            assertThat(firstReport.get("2")[3]).isEqualTo("INVITED");
            assertThat(firstReport.get("2")[4]).startsWith("invitation " + invitation.id() + ", expires ");
            assertThat(firstReport.get("2")[2]).isEmpty();
            assertThat(firstReport.get("3")[3]).isEqualTo("DUPLICATE");
            assertThat(firstReport.get("3")[4]).startsWith("same organization and email as line 2; invitation "
                    + invitation.id());
            assertThat(firstReport.get("4")[3]).isEqualTo("INVITED");
            assertThat(firstReport.get("4")[4]).contains(globex.get(0).id());
            assertThat(firstReport.get("5")[3]).isEqualTo("ADDED");
            assertThat(firstSummary.path("users").path("invitations").path("invited").asLong()).isEqualTo(2);
            assertThat(firstSummary.path("counts").path("INVITED").asLong()).isEqualTo(2);
            assertThat(acmeOnPage.child(8).text()).as("report.html's invited column").isEqualTo("1");

            // and the rerun finds both in Auth0's listing: nothing is sent again
            assertThat(second).isEqualTo(ExitCodes.OK);
            assertThat(fixture.sandbox().stats().invitationsPostRequests()).isEqualTo(2);
            assertThat(fixture.sandbox().invitations(ACME)).hasSize(1);
            assertThat(secondReport.get("2")[3]).isEqualTo("ALREADY_INVITED");
            assertThat(secondReport.get("2")[4]).isEqualTo("invitation " + invitation.id() + ", expires "
                    + invitation.expiresAt());
            assertThat(secondReport.get("3")[3]).isEqualTo("DUPLICATE");
            assertThat(secondReport.get("4")[3]).isEqualTo("ALREADY_INVITED");
            assertThat(fixture.summary().path("users").path("invitations").path("alreadyInvited").asLong()).isEqualTo(2);
        }
    }

    @Test
    void shouldSendTheOptionsAsAuth0sFields() {
        try (SyncRunFixture fixture = fixture()) {
            // when
            int exit = fixture.run(write(HR_EXPORT), "--sync.invite.enabled=true", "--sync.invite.client-id=" + APP,
                    "--sync.invite.inviter-name=Acme HR", "--sync.invite.connection-id=con_0123456789abcdef",
                    "--sync.invite.ttl=30d", "--sync.invite.send-email=false");

            // then
            assertThat(exit).isEqualTo(ExitCodes.OK);
            SandboxInvitation invitation = fixture.sandbox().invitations(ACME).get(0);
            assertThat(invitation.connectionId()).isEqualTo("con_0123456789abcdef");
            assertThat(invitation.sendEmail()).isFalse();
            assertThat(invitation.expiresAt()).isCloseTo(Instant.now().plus(Duration.ofDays(30)),
                    within(1, ChronoUnit.MINUTES));
        }
    }

    @Test
    void shouldStopInvitingAfterAuth0RefusesTheFirstAndGoOnWithTheRest(CapturedOutput output) {
        try (SyncRunFixture fixture = fixture()) {
            // given: the application is not allowed to use organizations
            fixture.sandbox().refuseInvitationsFor(APP);

            // when
            int exit = fixture.run(write(HR_EXPORT), INVITE);

            // then: one POST; every invitation row FAILED with Auth0's message; jane still added
            assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
            assertThat(fixture.sandbox().stats().invitationsPostRequests()).isEqualTo(1);
            Map<String, String[]> report = fixture.reportBy(row -> row[0]);
            List<String> failed = new ArrayList<>();
            for (String line : List.of("2", "4")) {
                assertThat(report.get(line)[3]).isEqualTo("FAILED");
                failed.add(report.get(line)[4]);
            }
            assertThat(failed).anySatisfy(detail -> assertThat(detail).isEqualTo("Auth0 refused the invitation: HTTP 400"
                    + " invalid_body: The specified client_id does not allow organizations."));
            assertThat(failed).anySatisfy(detail -> assertThat(detail).startsWith("invitation not sent: Auth0 refused"
                    + " an earlier one of this run").contains("does not allow organizations"));
            assertThat(report.get("5")[3]).isEqualTo("ADDED");
            assertThat(fixture.sandbox().members(ACME)).containsExactly(JANE);
            assertThat(fixture.summary().path("users").path("invitations").path("failed").asLong()).isEqualTo(2);
            assertThat(output.getAll().split("Auth0 refused to create an invitation", -1)).hasSize(2);
        }
    }

    @Test
    void shouldReportWouldInviteAndSendNothingInADryRun() {
        try (SyncRunFixture fixture = fixture()) {
            // when
            List<String> args = new ArrayList<>(List.of(INVITE));
            args.add("--sync.dry-run=true");
            int exit = fixture.run(write(HR_EXPORT), args.toArray(String[]::new));

            // then
            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(fixture.sandbox().stats().invitationsPostRequests()).isZero();
            assertThat(fixture.sandbox().invitations(ACME)).isEmpty();
            Map<String, String[]> report = fixture.reportBy(row -> row[0]);
            assertThat(report.get("2")[3]).isEqualTo("WOULD_INVITE");
            assertThat(report.get("4")[3]).isEqualTo("WOULD_INVITE");
            assertThat(fixture.summary().path("users").path("invitations").path("wouldInvite").asLong()).isEqualTo(2);
        }
    }

    @Test
    void shouldInviteAgainWhenTheOnlyInvitationHasExpiredAndKeepAValidOne() {
        try (SyncRunFixture fixture = fixture()) {
            // given: acme's invitation expired yesterday; globex's is valid for two more days
            SandboxInvitation expired = fixture.sandbox().addInvitation(ACME, "New.Hire@example.com",
                    Instant.now().minus(Duration.ofDays(1)));
            SandboxInvitation valid = fixture.sandbox().addInvitation(GLOBEX, "NEW.HIRE@EXAMPLE.COM",
                    Instant.now().plus(Duration.ofDays(2)));

            // when
            int exit = fixture.run(write(HR_EXPORT), INVITE);

            // then
            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(fixture.sandbox().invitations(ACME)).hasSize(2);
            String fresh = fixture.sandbox().invitations(ACME).get(1).id();
            assertThat(fresh).isNotEqualTo(expired.id());
            Map<String, String[]> report = fixture.reportBy(row -> row[0]);
            assertThat(report.get("2")[3]).isEqualTo("INVITED");
            assertThat(report.get("2")[4]).startsWith("invitation " + fresh);
            assertThat(report.get("4")[3]).isEqualTo("ALREADY_INVITED");
            assertThat(report.get("4")[4]).isEqualTo("invitation " + valid.id() + ", expires " + valid.expiresAt());
            assertThat(fixture.sandbox().invitations(GLOBEX)).hasSize(1);
        }
    }

    @Test
    void shouldLookInTheListingInsteadOfSendingAgainWhenTheAnswerWasUnclear() {
        try (SyncRunFixture fixture = fixture()) {
            // given: the first invitation is created, but its answer is a 500
            AtomicBoolean failOnce = new AtomicBoolean(true);
            fixture.sandbox().beforeInvitationAnswer(() -> {
                if (failOnce.getAndSet(false)) {
                    throw new IllegalStateException("answer lost");
                }
            });

            // when
            int exit = fixture.run(write(HR_EXPORT), INVITE);

            // then: two POSTs for two organizations, the unclear one found in the listing
            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(fixture.sandbox().stats().invitationsPostRequests()).isEqualTo(2);
            assertThat(fixture.sandbox().invitations(ACME)).hasSize(1);
            assertThat(fixture.sandbox().invitations(GLOBEX)).hasSize(1);
            assertThat(fixture.countStatus("INVITED")).isEqualTo(2);
            assertThat(fixture.report()).anySatisfy(row -> assertThat(row[4])
                    .contains("found in Auth0's invitations after an unclear answer"));
        }
    }

    @Test
    void shouldSayInTheLogWhenAnOrganizationsListingReachesAuth0sCap(CapturedOutput output) {
        try (SyncRunFixture fixture = fixture()) {
            // given: acme holds 1,000 valid invitations of other people, the oldest new.hire's
            fixture.sandbox().addInvitation(ACME, "new.hire@example.com", Instant.now().plus(Duration.ofDays(1)));
            for (int i = 0; i < 1000; i++) {
                fixture.sandbox().addInvitation(ACME, "other" + i + "@example.com", Instant.now().plus(Duration.ofDays(2)));
            }
            List<String> args = new ArrayList<>(List.of(INVITE));
            args.add("--sync.rate-limit.invitations.per-minute=60000");

            // when
            int exit = fixture.run(write(HR_EXPORT), args.toArray(String[]::new));

            // then: ten pages of 100, no eleventh; the warning names the organization and the cap
            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(output.getAll()).contains("Organization " + ACME + " has 1000 or more invitations and Auth0"
                    + " lists only the first 1000");
            assertThat(fixture.sandbox().stats().invitationsGetRequests()).isEqualTo(10 + 1);
        }
    }

    @Test
    void shouldReportAnOrganizationAuth0DoesNotHaveAndInviteToTheOthers() {
        try (SyncRunFixture fixture = fixture()) {
            // when
            int exit = fixture.run(write("organization_id,email\norg_DoesNotExist00001,new.hire@example.com\n" + ACME
                    + ",new.hire@example.com\n"), INVITE);

            // then
            assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
            Map<String, String[]> report = fixture.reportBy(row -> row[0]);
            assertThat(report.get("2")[3]).isEqualTo("UNKNOWN_ORGANIZATION");
            assertThat(report.get("2")[4]).isEqualTo("Auth0 has no organization org_DoesNotExist00001 (HTTP 404)");
            assertThat(report.get("3")[3]).isEqualTo("INVITED");
            assertThat(fixture.sandbox().stats().invitationsPostRequests()).isEqualTo(1);
        }
    }

    @Test
    void shouldRefuseToStartWithoutTheRequiredInvitationOptions(CapturedOutput output) {
        try (SyncRunFixture fixture = fixture()) {
            // when
            int missing = fixture.run(write(HR_EXPORT), "--sync.invite.enabled=true");
            int tooLong = fixture.run(write(HR_EXPORT), "--sync.invite.enabled=true", "--sync.invite.client-id=" + APP,
                    "--sync.invite.inviter-name=Acme HR", "--sync.invite.ttl=31d");

            // then: no call at all
            assertThat(missing).isEqualTo(ExitCodes.FAILED);
            assertThat(tooLong).isEqualTo(ExitCodes.FAILED);
            assertThat(fixture.sandbox().stats().totalRequests()).isZero();
            assertThat(output.getErr()).contains("sync.invite.client-id is required when sync.invite.enabled=true")
                    .contains("sync.invite.inviter-name is required when sync.invite.enabled=true")
                    .contains("sync.invite.ttl must be from 1s to 30d (Auth0's ttl_sec limit), got 744h");
        }
    }

    /** The organization's row in report.html's organizations table. */
    private static Element organizationRow(SyncRunFixture fixture, String organizationId) {
        try {
            Document page = Jsoup.parse(fixture.reportDir().resolve("report.html").toFile(), "UTF-8");
            return page.select("#organizations tbody tr").stream()
                    .filter(row -> row.child(1).text().equals(organizationId)).findFirst().orElseThrow();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private Path write(String content) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("hr-export.csv"), content);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
