package dev.orgmembersync.reliability;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Broken inputs and settings through the real main. Each one either stops the run with exit 1 and one line
 * on stderr naming the file (and line), or ends with a report that marks the bad lines and has every valid
 * row ADDED; never a stack trace, never a hang. Settings that cannot work are refused before any API call.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadInputCorpusIntegrationTest {

    private static final String HEADER = "organization_id,user_id";

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture run;

    @BeforeEach
    void start() {
        run = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(20, 0));
    }

    private int sync(Path input, String... extra) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run.run(input, extra));
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String row(int user) {
        return ACME + "," + user(user) + "\n";
    }

    /** Exit 1, no API call, and the first stderr line is the one that names the problem (all checked together). */
    private static void assertStoppedBeforeAnyCall(int exit, SyncRunFixture run, CapturedOutput output,
            String expectedLine) {
        List<String> errors = output.getErr().lines().filter(line -> !line.isBlank()).toList();
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(exit).as("exit code").isEqualTo(1);
            soft.assertThat(run.sandbox().stats().totalRequests()).as("requests to the tenant").isZero();
            soft.assertThat(errors).as("stderr").isNotEmpty().allMatch(line -> line.startsWith("org-member-sync: "));
            soft.assertThat(errors).as("stderr").first().asString().contains(expectedLine);
            soft.assertThat(output.getAll()).as("output").doesNotContain("\tat ");
        });
    }

    /** The report's status and detail by line number. */
    private Map<String, String[]> reportByLine() {
        return run.reportBy(row -> row[0]);
    }

    @Test
    void shouldStopNamingFileAndLineWhenTheFileIsBinaryGarbage(CapturedOutput output) throws IOException {
        // given 4 kB of random bytes after a PNG signature (0x89 cannot start a UTF-8 character)
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        garbage[0] = (byte) 0x89;
        Path input = Files.write(dir.resolve("garbage.csv"), garbage);
        // when
        int exit = sync(input);
        // then
        assertStoppedBeforeAnyCall(exit, run, output, input + ":1: the file is not valid UTF-8");
    }

    @Test
    void shouldStopNamingTheFirstBadLineWhenTheFileIsLatin1(CapturedOutput output) throws IOException {
        // given 1,500 good rows, then one with an ISO-8859-1 'é' on line 1502: far past the decoder's read-ahead
        StringBuilder csv = new StringBuilder(HEADER + "\n");
        for (int i = 0; i < 1500; i++) {
            csv.append(row(1 + i % 20));
        }
        csv.append(ACME).append(",auth0|jos\u00e9\n").append(row(1));
        Path input = Files.write(dir.resolve("latin1.csv"), csv.toString().getBytes(StandardCharsets.ISO_8859_1));
        // when
        int exit = sync(input);
        // then
        assertStoppedBeforeAnyCall(exit, run, output, input + ":1502: the file is not valid UTF-8");
    }

    @Test
    void shouldStopNamingLineOneWhenTheHeaderIsMissing(CapturedOutput output) throws IOException {
        Path input = file("no-header.csv", row(1) + row(2));
        int exit = sync(input);
        assertStoppedBeforeAnyCall(exit, run, output, input + ":1: the header must name the columns");
    }

    @Test
    void shouldStopListingTheColumnsFoundWhenTheHeaderIsUnknown(CapturedOutput output) throws IOException {
        Path input = file("unknown-header.csv", "email,team\njane@acme.com,legal\n");
        int exit = sync(input);
        assertStoppedBeforeAnyCall(exit, run, output, input + ":1: the header must name the columns");
        assertThat(output.getErr()).contains("found: email, team");
    }

    @Test
    void shouldStopWhenTheFileIsEmpty(CapturedOutput output) throws IOException {
        Path input = file("empty.csv", "");
        int exit = sync(input);
        assertStoppedBeforeAnyCall(exit, run, output, input + ": the file is empty");
    }

    @Test
    void shouldReportNothingToDoWhenTheFileHasOnlyAHeader(CapturedOutput output) throws IOException {
        // given
        Path input = file("header-only.csv", HEADER + "\n");
        // when
        int exit = sync(input);
        // then a clean, empty reconciliation and not a single write
        assertThat(exit).isZero();
        assertThat(run.report()).isEmpty();
        assertThat(run.summary().path("rows").asLong()).isZero();
        assertThat(run.sandbox().stats().membersPostRequests()).isZero();
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    void shouldMarkTheHugeFieldInvalidAndAddTheOthersWhenOneFieldIs100kB(CapturedOutput output) throws IOException {
        // given a 100 kB user id on line 3, between two good rows
        String huge = "auth0|" + "x".repeat(100 * 1024);
        Path input = file("huge-field.csv", HEADER + "\n" + row(1) + ACME + "," + huge + "\n" + row(2));
        // when
        int exit = sync(input);
        // then
        assertThat(exit).isEqualTo(2);
        Map<String, String[]> report = reportByLine();
        assertThat(report.get("3")[3]).isEqualTo("INVALID");
        assertThat(report.get("3")[4]).isEqualTo("user_id: is longer than 255 characters");
        assertThat(report.get("2")[3]).isEqualTo("ADDED");
        assertThat(report.get("4")[3]).isEqualTo("ADDED");
        // and the report does not carry the 100 kB value into its detail
        assertThat(Files.size(run.reportDir().resolve("reconciliation.csv"))).isLessThan(100 * 1024 + 1024);
        assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain("x".repeat(1000));
    }

    @Test
    void shouldMarkItsLineAndAddTheRowsBeforeItWhenAQuoteIsNeverClosed(CapturedOutput output) throws IOException {
        // given a quote opened on line 4 and never closed: lines 5 and 6 become part of its field
        Path input = file("open-quote.csv", HEADER + "\n" + row(1) + row(2) + ACME + ",\"" + user(3) + "\n"
                + row(4) + row(5));
        // when
        int exit = sync(input);
        // then
        assertThat(exit).isEqualTo(2);
        Map<String, String[]> report = reportByLine();
        assertThat(report.get("2")[3]).isEqualTo("ADDED");
        assertThat(report.get("3")[3]).isEqualTo("ADDED");
        assertThat(report.get("4")[3]).isEqualTo("INVALID");
        assertThat(report.get("4")[4]).contains("unterminated quoted field");
        assertThat(run.sandbox().members(ACME)).containsExactlyInAnyOrder(user(1), user(2));
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    void shouldKeepLineNumbersAndFinishQuicklyWhenAMillionBlankLinesPrecedeARow(CapturedOutput output) throws IOException {
        // given a header, 1,000,000 blank lines, and one row on line 1,000,002
        Path input = dir.resolve("blank-lines.csv");
        try (OutputStream out = Files.newOutputStream(input)) {
            out.write((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] blanks = new byte[1_000_000];
            Arrays.fill(blanks, (byte) '\n');
            out.write(blanks);
            out.write(row(1).getBytes(StandardCharsets.UTF_8));
        }
        // when
        long started = System.nanoTime();
        int exit = sync(input);
        double seconds = (System.nanoTime() - started) / 1e9;
        // then
        System.out.printf("a million blank lines: %.1f s%n", seconds);
        assertThat(exit).isZero();
        assertThat(run.report()).extracting(line -> line[0] + " " + line[2] + " " + line[3])
                .containsExactly("1000002 " + user(1) + " ADDED");
        assertThat(seconds).isLessThan(30);
    }

    @Test
    void shouldMarkEachBadLineAndAddEveryValidRowWhenTheyAreMixed(CapturedOutput output) throws IOException {
        // given valid rows (plain, quoted, CRLF, padded, extra column ignored) between broken ones
        String csv = "\uFEFF" + "Organization_ID,user_id,note\r\n"             // 1 header with BOM, any case
                + ACME + "," + user(1) + ",plain\r\n"                           // 2 valid, CRLF
                + "org-bad," + user(2) + ",x\n"                                 // 3 bad organization id
                + ACME + ",\"" + user(3) + "\",quoted\n"                        // 4 valid, quoted
                + ACME + ",bob,x\n"                                             // 5 user id without connection
                + ACME + "," + user(4) + "\n"                                   // 6 wrong field count
                + "\n"                                                          // 7 blank: skipped
                + " " + ACME + " , " + user(5) + " ,padded\n"                   // 8 valid, padded
                + ACME + ",,x\n"                                                // 9 empty user id
                + ACME + ",\"auth0|a b\",x\n"                                   // 10 space in user id
                + ",\"" + user(6) + "\",x\n"                                    // 11 empty organization
                + ACME + "," + user(7) + ",\"multi\nline note\"\n"              // 12-13 valid, quoted newline
                + ACME + ",\"" + user(8) + "\",\"say \"\"hi\"\"\"\n";           // 14 valid, escaped quotes
        Path input = file("mixed.csv", csv);
        // when
        int exit = sync(input);
        // then
        assertThat(exit).isEqualTo(2);
        assertThat(run.report()).extracting(line -> line[0] + " " + line[3]).containsExactly(
                "2 ADDED", "3 INVALID", "4 ADDED", "5 INVALID", "6 INVALID", "8 ADDED", "9 INVALID", "10 INVALID",
                "11 INVALID", "12 ADDED", "14 ADDED");
        Map<String, String[]> report = reportByLine();
        assertThat(report.get("3")[4]).startsWith("organization_id:");
        assertThat(report.get("5")[4]).startsWith("user_id:");
        assertThat(report.get("6")[4]).contains("expected 3 fields");
        assertThat(report.get("9")[4]).isEqualTo("user_id: is empty");
        assertThat(report.get("10")[4]).startsWith("user_id: contains spaces");
        assertThat(report.get("11")[4]).startsWith("organization_id:");
        assertThat(run.sandbox().members(ACME)).containsExactlyInAnyOrder(user(1), user(3), user(5), user(7),
                user(8));
        assertThat(output.getAll()).doesNotContain("\tat ");
    }

    @Test
    void shouldStopBeforeAnyCallWhenTheInputIsMissing(CapturedOutput output) {
        Path input = dir.resolve("missing.csv");
        int exit = sync(input);
        assertStoppedBeforeAnyCall(exit, run, output, "sync.input: " + input + " does not exist or is not a file");
    }

    @Test
    void shouldStopBeforeAnyCallWhenTheReportDirectoryCannotBeCreated(CapturedOutput output) throws IOException {
        // given /proc, where no directory can be made (Files.isWritable says yes to root there)
        Path input = file("members.csv", HEADER + "\n" + row(1));
        // when
        int exit = sync(input, "--sync.report-dir=/proc/forbidden");
        // then
        assertStoppedBeforeAnyCall(exit, run, output, "sync.report-dir: /proc/forbidden cannot be created or written");
    }

    @Test
    void shouldStopBeforeAnyCallWhenTheReportDirectoryIsUnderAFile(CapturedOutput output) throws IOException {
        Path input = file("members.csv", HEADER + "\n" + row(1));
        Path underFile = input.resolve("reports");
        int exit = sync(input, "--sync.report-dir=" + underFile);
        assertStoppedBeforeAnyCall(exit, run, output, "sync.report-dir: " + underFile + " cannot be created or written");
    }

    @Test
    void shouldStopBeforeAnyCallWhenTheBaseUrlIsNotHttps(CapturedOutput output) throws IOException {
        Path input = file("members.csv", HEADER + "\n" + row(1));
        int exit = sync(input, "--auth0.base-url=ftp://x");
        assertStoppedBeforeAnyCall(exit, run, output, "auth0.base-url must be an https:// URL with a host; got ftp://x");
    }

    @Test
    void shouldStopBeforeAnyCallWhenTheDomainIsAUrl(CapturedOutput output) throws IOException {
        // given a domain written as a URL and no base URL
        Path input = file("members.csv", HEADER + "\n" + row(1));
        List<String> args = new ArrayList<>(List.of("--auth0.base-url=", "--auth0.domain=https://acme.auth0.com/"));
        // when
        int exit = sync(input, args.toArray(String[]::new));
        // then
        assertStoppedBeforeAnyCall(exit, run, output, "auth0.domain must be a host name like acme.us.auth0.com");
    }
}
