package dev.orgmembersync.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;

class MembershipCsvReaderTest {

    @TempDir
    Path dir;

    @Test
    void shouldMatchHeaderByNameCaseInsensitivelyInAnyOrderIgnoringExtraColumnsWhenHeaderVaries() throws Exception {
        // given
        Path file = write("members.csv", """
                Note,USER_ID,Extra,Organization_Id
                hello,auth0|1,x,org_a
                """);

        // when
        List<MembershipRow> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(new MembershipRow(2, "org_a", null, "auth0|1", null));
    }

    @Test
    void shouldIgnoreByteOrderMarkWhenHeaderStartsWithOne() throws Exception {
        // given
        Path file = write("members-bom.csv", "\uFEFForganization_id,user_id\norg_a,auth0|1\n");

        // when
        List<MembershipRow> rows = readAll(file);

        // then
        assertThat(Files.readAllBytes(file)).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(rows).containsExactly(new MembershipRow(2, "org_a", null, "auth0|1", null));
    }

    @Test
    void shouldReadRowsWithoutCarriageReturnsWhenLinesEndWithCrlf() throws Exception {
        // given
        Path file = write("members-crlf.csv", "organization_id,user_id\r\norg_a,auth0|1\r\norg_b,auth0|2\r\n");

        // when
        List<MembershipRow> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(
                new MembershipRow(2, "org_a", null, "auth0|1", null),
                new MembershipRow(3, "org_b", null, "auth0|2", null));
    }

    @Test
    void shouldUnquoteCommasDoubledQuotesAndNewlinesWhenFieldsAreQuoted() throws Exception {
        // given
        Path file = write("members-quoted.csv", """
                organization_name,user_id
                "Acme, ""Inc.\""",auth0|1
                "Acme
                East",auth0|2
                Globex,auth0|3
                """);

        // when
        List<MembershipRow> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(
                new MembershipRow(2, null, "Acme, \"Inc.\"", "auth0|1", null),
                new MembershipRow(3, null, "Acme\nEast", "auth0|2", null),
                new MembershipRow(5, null, "Globex", "auth0|3", null));
    }

    @Test
    void shouldCountTheExtraPhysicalLineWhenQuotedFieldSpansLinesWithCrlf() throws Exception {
        // given
        Path file = write("members-crlf-multiline.csv",
                "organization_id,user_id,note\r\norg_a,auth0|1,\"one\r\ntwo\r\nthree\"\r\norg_b,auth0|2,x\r\n");

        // when
        List<MembershipRow> rows = readAll(file);

        // then
        assertThat(rows).extracting(MembershipRow::line, MembershipRow::userId).containsExactly(
                tuple(2L, "auth0|1"),
                tuple(5L, "auth0|2"));
    }

    @Test
    void shouldSkipBlankLinesAndKeepPhysicalLineNumbersWhenFileHasBlankLines() throws Exception {
        // given
        Path file = write("members-blank-lines.csv", "\n  \norganization_id,user_id\n\norg_a,auth0|1\n   \n\t\norg_b,auth0|2\n\n");

        // when
        List<MembershipRow> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(
                new MembershipRow(5, "org_a", null, "auth0|1", null),
                new MembershipRow(8, "org_b", null, "auth0|2", null));
    }

    @Test
    void shouldTrimSurroundingWhitespaceWhenFieldsArePadded() throws Exception {
        // given
        Path file = write("members-padded.csv", "  organization_id , user_id \n  org_a  ,\t auth0|1 \t\norg_b,\" auth0|2 \"\n");

        // when
        List<MembershipRow> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(
                new MembershipRow(2, "org_a", null, "auth0|1", null),
                new MembershipRow(3, "org_b", null, "auth0|2", null));
    }

    @Test
    void shouldKeepBackslashesAsDataWhenFieldsContainThem() throws Exception {
        // given: RFC 4180 has no backslash escape; a quoted field may end with one
        Path file = write("members-backslash.csv", """
                organization_name,user_id
                R\\D Labs,auth0|a\\b
                "Acme \\",auth0|2
                Globex,auth0|3
                """);

        // when
        List<MembershipRow> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(
                new MembershipRow(2, null, "R\\D Labs", "auth0|a\\b", null),
                new MembershipRow(3, null, "Acme \\", "auth0|2", null),
                new MembershipRow(4, null, "Globex", "auth0|3", null));
    }

    @Test
    void shouldReportFieldCountWhenRowHasMoreOrFewerFieldsThanHeader() throws Exception {
        // given
        Path file = write("members-bad-data.csv", """
                organization_id,user_id
                org_a,auth0|1,surplus
                org_b
                org_c,auth0|3
                """);

        // when
        List<MembershipRow> rows = readAll(file);

        // then
        assertThat(rows).extracting(MembershipRow::line, MembershipRow::malformed).containsExactly(
                tuple(2L, "expected 2 fields as in the header, found 3"),
                tuple(3L, "expected 2 fields as in the header, found 1"),
                tuple(4L, null));
        assertThat(rows.get(1).organizationId()).isEqualTo("org_b");
        assertThat(rows.get(1).userId()).isNull();
    }

    @Test
    void shouldReturnMalformedRowThenEndOfInputWhenQuoteIsUnterminated() throws Exception {
        // given
        Path file = write("members-unterminated-quote.csv", """
                organization_id,user_id
                org_a,auth0|1
                org_b,"auth0|2
                org_c,auth0|3
                org_d,auth0|4
                """);
        MembershipCsvReader reader = new MembershipCsvReader(file);
        reader.open(new ExecutionContext());

        // when
        MembershipRow first = reader.read();
        MembershipRow broken = reader.read();
        MembershipRow afterBroken = reader.read();
        MembershipRow stillAfter = reader.read();
        reader.close();

        // then
        assertThat(first).isEqualTo(new MembershipRow(2, "org_a", null, "auth0|1", null));
        assertThat(broken.line()).isEqualTo(3);
        assertThat(broken.organizationId()).isNull();
        assertThat(broken.userId()).isNull();
        assertThat(broken.malformed()).startsWith("unterminated quoted field").contains("close the quote");
        assertThat(afterBroken).isNull();
        assertThat(stillAfter).isNull();
    }

    @Test
    void shouldFailNamingFileLineAndColumnsFoundWhenHeaderLacksAColumn() throws Exception {
        // given
        Path file = write("members-no-user.csv", "Organization_Id,Mail\norg_a,a@b.c\n");

        // when / then
        assertThatOpenFails(file)
                .hasMessageStartingWith(file + ":1: ")
                .hasMessageContaining("organization_id (or organization_name) and user_id (or email)")
                .hasMessageEndingWith("found: organization_id, mail");
    }

    @Test
    void shouldFailWhenHeaderHasNeitherOrganizationColumn() throws Exception {
        // given
        Path file = write("members-no-org.csv", "org,user_id\norg_a,auth0|1\n");

        // when / then
        assertThatOpenFails(file)
                .hasMessageStartingWith(file + ":1: ")
                .hasMessageEndingWith("found: org, user_id");
    }

    @Test
    void shouldNameTheHeaderLineWhenBlankLinesPrecedeABadHeader() throws Exception {
        // given: the header is on physical line 3
        Path file = write("members-late-bad-header.csv", "\n\norg,user\n");

        // when / then
        assertThatOpenFails(file).hasMessageStartingWith(file + ":3: ");
    }

    @Test
    void shouldFailAsEmptyWhenFileHasNoBytes() throws Exception {
        // given
        Path file = write("members-empty.csv", "");

        // when / then
        assertThatOpenFails(file).hasMessageStartingWith(file + ": ").hasMessageContaining("empty");
    }

    @Test
    void shouldFailAsEmptyWhenFileHasOnlyBlankLines() throws Exception {
        // given
        Path file = write("members-blank.csv", "\n   \r\n\t\n\n");

        // when / then
        assertThatOpenFails(file).hasMessageStartingWith(file + ": ").hasMessageContaining("empty");
    }

    @Test
    void shouldReturnNoRowsWhenFileHasOnlyAHeader() throws Exception {
        // given
        Path file = write("members-header-only.csv", "organization_id,user_id\n\n");

        // when
        List<MembershipRow> rows = readAll(file);

        // then
        assertThat(rows).isEmpty();
    }

    @Test
    void shouldFailNamingFileLineAndUtf8WhenHeaderIsNotUtf8() throws Exception {
        // given: ISO-8859-1 'é' (0xE9) in the header
        Path file = writeBytes("members-latin1-header.csv",
                "organization_id,user_id,r\u00e9gion\norg_a,auth0|1,x\n".getBytes(StandardCharsets.ISO_8859_1));

        // when / then
        assertThatOpenFails(file).hasMessageStartingWith(file + ":1: ").hasMessageContaining("UTF-8");
    }

    @Test
    void shouldFailNamingTheLineWithTheBadByteWhenARowIsNotUtf8() throws Exception {
        // given: ISO-8859-1 'é' (0xE9) on physical line 3
        Path file = writeBytes("members-latin1.csv",
                "organization_id,organization_name,user_id\norg_a,Acme,auth0|1\norg_b,Soci\u00e9t\u00e9,auth0|2\n"
                        .getBytes(StandardCharsets.ISO_8859_1));

        // when
        Throwable failure = failureOfReadingAll(file);

        // then
        assertThat(csvInputException(failure))
                .hasMessageStartingWith(file + ":3: ")
                .hasMessageContaining("UTF-8");
    }

    @Test
    void shouldFailNamingTheLineWithTheBadByteWhenItIsFarIntoTheFile() throws Exception {
        // given: 1000 good rows (well past any decoder buffer), then 'é' in ISO-8859-1 on line 1002
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("organization_id,organization_name,user_id\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 1; i <= 1000; i++) {
            bytes.writeBytes(("org_a,Acme,auth0|" + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        bytes.writeBytes("org_b,Soci\u00e9t\u00e9,auth0|x\n".getBytes(StandardCharsets.ISO_8859_1));
        Path file = writeBytes("members-latin1-late.csv", bytes.toByteArray());

        // when
        Throwable failure = failureOfReadingAll(file);

        // then
        assertThat(csvInputException(failure))
                .hasMessageStartingWith(file + ":1002: ")
                .hasMessageContaining("UTF-8");
    }

    @Test
    void shouldFailWithNoSuchFileWhenFileIsMissing() {
        // given
        Path file = dir.resolve("absent.csv");

        // when / then
        assertThatOpenFails(file).hasMessage(file + ": no such file");
    }

    @Test
    void shouldResumeAtTheFourthRowWithItsLineWhenRestartedFromSavedContext() throws Exception {
        // given: rows 1..3 include a blank line and a two-line record, so line numbers are not row numbers
        Path file = write("members-restart.csv", """
                organization_id,user_id,note
                org_a,auth0|1,x

                org_b,auth0|2,"two
                lines"
                org_c,auth0|3,x

                org_d,auth0|4,x
                org_e,auth0|5,x
                """);
        ExecutionContext context = new ExecutionContext();
        MembershipCsvReader first = new MembershipCsvReader(file);
        first.open(context);
        List<String> firstRun = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            firstRun.add(first.read().userId());
        }
        first.update(context);
        first.close();

        // when
        MembershipCsvReader second = new MembershipCsvReader(file);
        second.open(context);
        MembershipRow fourth = second.read();
        MembershipRow fifth = second.read();
        MembershipRow end = second.read();
        second.close();

        // then
        assertThat(firstRun).containsExactly("auth0|1", "auth0|2", "auth0|3");
        assertThat(context.getInt("membershipCsvReader.read.count")).isEqualTo(3);
        assertThat(fourth).isEqualTo(new MembershipRow(8, "org_d", null, "auth0|4", null));
        assertThat(fifth).isEqualTo(new MembershipRow(9, "org_e", null, "auth0|5", null));
        assertThat(end).isNull();
    }

    @Test
    void shouldReadFieldIntactWhenItIs100KilobytesLong() throws Exception {
        // given
        String huge = "auth0|" + "x".repeat(100_000);
        Path file = write("members-huge-field.csv", "organization_id,user_id\norg_a,\"" + huge + "\"\norg_b,auth0|2\n");

        // when
        List<MembershipRow> rows = readAll(file);

        // then
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).userId()).hasSize(huge.length()).isEqualTo(huge);
        assertThat(rows.get(1)).isEqualTo(new MembershipRow(3, "org_b", null, "auth0|2", null));
    }

    @Test
    void shouldLeaveOrganizationIdNullWhenFileHasOrganizationNameColumnInstead() throws Exception {
        // given
        Path file = write("members-by-name.csv", "user_id,ORGANIZATION_NAME\nauth0|1,  Acme Corp \n");

        // when
        List<MembershipRow> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(new MembershipRow(2, null, "Acme Corp", "auth0|1", null));
    }

    @Test
    void shouldReadEmailAndRolesAndIgnoreOtherColumnsWhenFileIsAnHrExport() throws Exception {
        // given
        Path file = write("hr-export.csv", """
                Department,EMAIL,Organization_Name,Roles
                Sales, Jane.Doe@Example.com ,acme,admin;viewer
                Ops,bob@example.com,globex,
                """);

        // when
        List<MembershipRow> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(
                new MembershipRow(2, null, "acme", null, "Jane.Doe@Example.com", "admin;viewer", null),
                new MembershipRow(3, null, "globex", null, "bob@example.com", "", null));
    }

    @Test
    void shouldKeepBothWhenRowHasUserIdAndEmail() throws Exception {
        // given
        Path file = write("both.csv", "organization_id,email,user_id\norg_a,a@b.c,auth0|1\n");

        // when
        List<MembershipRow> rows = readAll(file);

        // then
        assertThat(rows).containsExactly(new MembershipRow(2, "org_a", null, "auth0|1", "a@b.c", null, null));
        assertThat(rows.get(0).hasUserId()).isTrue();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private Path writeBytes(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static List<MembershipRow> readAll(Path file) throws Exception {
        MembershipCsvReader reader = new MembershipCsvReader(file);
        reader.open(new ExecutionContext());
        try {
            List<MembershipRow> rows = new ArrayList<>();
            for (MembershipRow row = reader.read(); row != null; row = reader.read()) {
                rows.add(row);
            }
            return rows;
        }
        finally {
            reader.close();
        }
    }

    private static Throwable failureOfReadingAll(Path file) {
        try {
            readAll(file);
        }
        catch (Exception ex) {
            return ex;
        }
        throw new AssertionError("expected reading " + file + " to fail");
    }

    /** The CSV failure itself, or the one the ItemStream wrapped around it on open. */
    private static CsvInputException csvInputException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CsvInputException csv) {
                return csv;
            }
        }
        throw new AssertionError("no CsvInputException in " + failure, failure);
    }

    /** Spring Batch wraps a failure in doOpen into an ItemStreamException; the CsvInputException is its cause. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertThatOpenFails(Path file) {
        return assertThatThrownBy(() -> new MembershipCsvReader(file).open(new ExecutionContext()))
                .isInstanceOf(ItemStreamException.class)
                .cause()
                .isInstanceOf(CsvInputException.class);
    }
}
