package dev.orgmembersync.sync;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.GLOBEX;
import static dev.orgmembersync.SyncRunFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.SandboxStats;
import dev.orgmembersync.sandbox.TenantSeed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * An HR export (organization names and emails) against the sandbox: both lookups find the same accounts, several
 * accounts per email are AMBIGUOUS_USER unless sync.users.connection picks one, emails compare case-insensitively,
 * and the export survives restarts without a second export.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmailResolutionIntegrationTest {

    private static final String JANE = user(1);
    private static final String PAT_DB = user(2);
    private static final String PAT_GOOGLE = "google-oauth2|109876543210";
    private static final String BOB_SAML = "samlp|globex-saml|bob.smith";

    /** Line numbers are the physical lines: the header is line 1. */
    private static final String HR_EXPORT = """
            organization_name,email,user_id,department,roles
            acme,jane@example.com,,Sales,admin
            acme,,%s,Sales,
            globex,JANE@EXAMPLE.COM,,Ops,
            acme,pat@example.com,,Ops,
            acme,Bob.Smith@Globex.com,,Ops,viewer
            acme,nobody@example.com,,Ops,
            acme,not-an-email,,Ops,
            globex,jane@example.com,,Ops,
            """.formatted(JANE);

    @TempDir
    Path dir;

    /** Users 1..5; jane has one account, pat two (database and Google), bob one enterprise account in mixed case. */
    private static TenantSeed seed() {
        return SyncRunFixture.seed(5, 0)
                .withClient("reader", "reader-secret", "read:organization_members", "read:organizations", "read:users",
                        "read:roles", "read:organization_member_roles")
                .withAccount(JANE, "jane@example.com", null)
                .withAccount(PAT_DB, "pat@example.com", null)
                .withAccount(PAT_GOOGLE, "pat@example.com", "google-oauth2")
                .withAccount(BOB_SAML, "Bob.Smith@Globex.com", "globex-saml");
    }

    private record Outcome(int exitCode, Map<String, String[]> byLine, JsonNode summary, SandboxStats stats,
            List<String> acme, List<String> globex) {
    }

    private Outcome run(String name, Consumer<SyncRunFixture> before, String... args) {
        try (SyncRunFixture fixture = new SyncRunFixture(dir.resolve(name), SandboxSettings.unlimited(), seed())) {
            before.accept(fixture);
            int exit = fixture.run(write(fixture.dir(), HR_EXPORT), args);
            boolean reported = Files.exists(fixture.reportDir().resolve("reconciliation.csv"));
            return new Outcome(exit, reported ? fixture.reportBy(row -> row[0]) : Map.of(), fixture.summary(),
                    fixture.sandbox().stats(),
                    List.copyOf(fixture.sandbox().members(ACME)), List.copyOf(fixture.sandbox().members(GLOBEX)));
        }
    }

    @Test
    void shouldResolveEveryRowTheSameWayWhenLookupIsByEmailOrExport(CapturedOutput output) {
        // when
        Outcome byEmail = run("by-email", fixture -> { }, "--sync.users.lookup=by-email");
        Outcome export = run("export", fixture -> { }, "--sync.users.lookup=export",
                "--sync.users.export-poll-interval=20ms");

        // then: the same fate for every row
        for (Outcome outcome : List.of(byEmail, export)) {
            assertThat(outcome.exitCode()).isEqualTo(ExitCodes.REJECTIONS);
            assertThat(columns(outcome, "2")).containsExactly(ACME, JANE, "ADDED");
            assertThat(columns(outcome, "3")).containsExactly(ACME, JANE, "DUPLICATE");
            assertThat(outcome.byLine().get("3")[4]).isEqualTo("same organization and user as line 2; handled there");
            assertThat(columns(outcome, "4")).containsExactly(GLOBEX, JANE, "ADDED");
            assertThat(columns(outcome, "5")).containsExactly(ACME, "", "AMBIGUOUS_USER");
            assertThat(outcome.byLine().get("5")[4]).contains("2 Auth0 accounts have this email").contains(PAT_DB)
                    .contains(PAT_GOOGLE + " (google-oauth2)").contains("sync.users.connection");
            assertThat(columns(outcome, "6")).containsExactly(ACME, BOB_SAML, "ADDED");
            assertThat(columns(outcome, "7")).containsExactly(ACME, "", "UNKNOWN_USER");
            assertThat(columns(outcome, "8")).containsExactly("", "", "INVALID");
            assertThat(outcome.byLine().get("8")[4]).startsWith("email: must be one address with a single '@'");
            assertThat(columns(outcome, "9")).containsExactly(GLOBEX, JANE, "DUPLICATE");
            // the appended columns: organization_name, email as written, roles
            assertThat(List.of(outcome.byLine().get("6")).subList(5, 8))
                    .containsExactly("acme", "Bob.Smith@Globex.com", "viewer");
            assertThat(outcome.acme()).containsExactlyInAnyOrder(JANE, BOB_SAML);
            assertThat(outcome.globex()).containsExactly(JANE);
            assertThat(outcome.summary().path("counts").path("AMBIGUOUS_USER").asLong()).isEqualTo(1);
            assertThat(outcome.summary().path("users").path("resolved").asLong()).isEqualTo(4);
            assertThat(outcome.summary().path("users").path("ambiguous").asLong()).isEqualTo(1);
            assertThat(outcome.summary().path("users").path("unknown").asLong()).isEqualTo(1);
        }
        // by-email: one call per distinct email, plus the spellings with capitals; no export
        assertThat(byEmail.summary().path("users").path("lookup").asString()).isEqualTo("by-email");
        assertThat(byEmail.summary().path("users").path("exportSeconds").isNull()).isTrue();
        assertThat(byEmail.stats().usersByEmailRequests()).isEqualTo(6);
        assertThat(byEmail.stats().exportPostRequests()).isZero();
        // export: one job, downloaded once, and never with the API token
        assertThat(export.summary().path("users").path("lookup").asString()).isEqualTo("export");
        assertThat(export.summary().path("users").path("exportSeconds").isNumber()).isTrue();
        assertThat(export.stats().exportPostRequests()).isEqualTo(1);
        assertThat(export.stats().usersByEmailRequests()).isZero();
        assertThat(export.stats().exportDownloads()).isEqualTo(1);
        assertThat(export.stats().exportDownloadsWithAuthorization()).isZero();
        assertThat(output.getAll()).doesNotContain("signature=");
    }

    @Test
    void shouldTakeTheConnectionsAccountWhenSeveralShareAnEmailAndConnectionIsSet() {
        // when
        Outcome byEmail = run("by-email", fixture -> { }, "--sync.users.lookup=by-email",
                "--sync.users.connection=google-oauth2");
        Outcome export = run("export", fixture -> { }, "--sync.users.lookup=export",
                "--sync.users.export-poll-interval=20ms", "--sync.users.connection=google-oauth2");

        // then
        for (Outcome outcome : List.of(byEmail, export)) {
            assertThat(columns(outcome, "5")).containsExactly(ACME, PAT_GOOGLE, "ADDED");
            assertThat(columns(outcome, "2")).containsExactly(ACME, JANE, "ADDED");
            assertThat(outcome.summary().path("users").path("ambiguous").asLong()).isZero();
        }
    }

    @Test
    void shouldLookUpOneByOneUpToTheThresholdAndExportAboveIt() {
        // given: the input has 4 distinct emails (lower-cased)
        // when
        Outcome atThreshold = run("at", fixture -> { }, "--sync.users.export-threshold=4");
        Outcome above = run("above", fixture -> { }, "--sync.users.export-threshold=3",
                "--sync.users.export-poll-interval=20ms");

        // then
        assertThat(atThreshold.summary().path("users").path("lookup").asString()).isEqualTo("by-email");
        assertThat(atThreshold.stats().exportPostRequests()).isZero();
        assertThat(above.summary().path("users").path("lookup").asString()).isEqualTo("export");
        assertThat(above.stats().exportPostRequests()).isEqualTo(1);
        assertThat(above.stats().usersByEmailRequests()).isZero();
    }

    @Test
    void shouldPollTheSameJobWithoutASecondExportWhenRestartedDuringPolling() {
        try (SyncRunFixture fixture = new SyncRunFixture(dir, SandboxSettings.unlimited(), seed())) {
            // given: an export that stays pending longer than the first run waits
            fixture.sandbox().exportDelay(Duration.ofHours(1));
            Path input = write(fixture.dir(), HR_EXPORT);
            // the users bucket unthrottled: at Auth0's 150/min one poll would take the whole 300 ms
            String[] args = { "--sync.users.lookup=export", "--sync.users.export-poll-interval=20ms",
                    "--sync.users.export-timeout=300ms", "--sync.rate-limit.users.per-minute=60000" };

            // when
            int first = fixture.run(input, args);
            SandboxStats afterFirst = fixture.sandbox().stats();
            fixture.sandbox().exportDelay(Duration.ZERO);
            int second = fixture.run(input, args);

            // then
            assertThat(first).isEqualTo(ExitCodes.FAILED);
            assertThat(afterFirst.exportPostRequests()).isEqualTo(1);
            assertThat(afterFirst.jobGetRequests()).isGreaterThan(1);
            assertThat(afterFirst.exportDownloads()).isZero();
            assertThat(second).isEqualTo(ExitCodes.REJECTIONS);
            assertThat(fixture.sandbox().stats().exportPostRequests()).isEqualTo(1);
            assertThat(fixture.sandbox().stats().exportDownloads()).isEqualTo(1);
            assertThat(fixture.sandbox().members(ACME)).containsExactlyInAnyOrder(JANE, BOB_SAML);
        }
    }

    @Test
    void shouldNotExportAgainWhenRestartedAfterTheDownload() {
        try (SyncRunFixture fixture = new SyncRunFixture(dir, SandboxSettings.unlimited(), seed())) {
            // given: the first run's client may read but not add members, so it fails after the export
            Path input = write(fixture.dir(), HR_EXPORT);

            // when
            int first = fixture.run(input, "--sync.users.lookup=export", "--sync.users.export-poll-interval=20ms",
                    "--auth0.client-id=reader", "--auth0.client-secret=reader-secret");
            SandboxStats afterFirst = fixture.sandbox().stats();
            int second = fixture.run(input, "--sync.users.lookup=export", "--sync.users.export-poll-interval=20ms");

            // then
            assertThat(first).isEqualTo(ExitCodes.FAILED);
            assertThat(afterFirst.exportDownloads()).isEqualTo(1);
            assertThat(fixture.sandbox().members(ACME)).containsExactlyInAnyOrder(JANE, BOB_SAML);
            assertThat(second).isEqualTo(ExitCodes.REJECTIONS);
            assertThat(fixture.sandbox().stats().exportPostRequests()).isEqualTo(1);
            assertThat(fixture.sandbox().stats().exportDownloads()).isEqualTo(1);
            assertThat(fixture.summary().path("users").path("resolved").asLong()).isEqualTo(4);
        }
    }

    @Test
    void shouldFetchFreshLinksAndNameNoSignatureWhenEveryDownloadIsRefused(CapturedOutput output) {
        // when: every link has expired by the time it is used
        Outcome outcome = run("expired", fixture -> fixture.sandbox().exportLinkLifetime(Duration.ofSeconds(-10)),
                "--sync.users.lookup=export", "--sync.users.export-poll-interval=20ms");

        // then: three links tried, each fetched fresh from the job, and the signature never printed
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(outcome.stats().exportDownloads()).isEqualTo(3);
        assertThat(outcome.stats().exportDownloadsRefused()).isEqualTo(3);
        assertThat(outcome.stats().jobGetRequests()).isGreaterThanOrEqualTo(3);
        assertThat(output.getAll()).contains("could not be downloaded").contains("/exports/job_")
                .doesNotContain("signature=").doesNotContain("expires=");
    }

    @Test
    void shouldNameEveryRowsFateWhenTheSampleHrExportRunsAgainstTheSampleTenant() throws IOException {
        // given
        TenantSeed sample = TenantSeed.read(Path.of("samples/sandbox-tenant.json"));
        Path input = Path.of("samples/hr-export.csv").toAbsolutePath();

        for (String lookup : List.of("by-email", "export")) {
            try (SyncRunFixture fixture = new SyncRunFixture(dir.resolve(lookup), SandboxSettings.unlimited(), sample)) {
                // when
                int exit = fixture.run(input, "--sync.users.lookup=" + lookup, "--sync.users.export-poll-interval=20ms");

                // then
                assertThat(exit).as(lookup).isEqualTo(ExitCodes.REJECTIONS);
                JsonNode counts = fixture.summary().path("counts");
                assertThat(counts.path("ADDED").asLong()).as(lookup).isEqualTo(9);
                assertThat(counts.path("ALREADY_MEMBER").asLong()).as(lookup).isEqualTo(4);
                assertThat(counts.path("INVALID").asLong()).as(lookup).isEqualTo(3);
                assertThat(counts.path("DUPLICATE").asLong()).as(lookup).isEqualTo(1);
                assertThat(counts.path("UNKNOWN_ORGANIZATION").asLong()).as(lookup).isEqualTo(1);
                assertThat(counts.path("UNKNOWN_USER").asLong()).as(lookup).isEqualTo(1);
                assertThat(counts.path("AMBIGUOUS_USER").asLong()).as(lookup).isEqualTo(1);
                assertThat(fixture.reportBy(row -> row[0]).get("9")[4]).as(lookup)
                        .contains("samlp|acme-idp|maria.garcia@acme.com").contains("google-oauth2|109899999999999999999");
            }
        }
    }

    private static List<String> columns(Outcome outcome, String line) {
        String[] row = outcome.byLine().get(line);
        return List.of(row[1], row[2], row[3]);
    }

    private static Path write(Path dir, String content) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("hr-export.csv"), content);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
