package dev.orgmembersync.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.opencsv.CSVReader;
import com.opencsv.CSVParserBuilder;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.ICSVParser;
import com.opencsv.exceptions.CsvMalformedLineException;
import com.opencsv.exceptions.CsvValidationException;

import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Streams the memberships CSV with opencsv, one record at a time. Keeps the physical line where each record
 * starts (quoted fields may span lines), skips blank lines, and decodes strict UTF-8 so a file in another
 * encoding fails with its line instead of turning into wrong user ids. Restart position is the item count,
 * saved by the base class in the step's ExecutionContext.
 */
public class MembershipCsvReader extends AbstractItemCountingItemStreamItemReader<MembershipRow> {

    private final Path file;
    private CSVReader csv;
    private CsvHeader header;
    private boolean exhausted;

    public MembershipCsvReader(Path file) {
        this.file = file;
        setName("membershipCsvReader");
    }

    @Override
    protected void doOpen() throws Exception {
        BufferedReader text;
        try {
            text = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)));
        }
        catch (NoSuchFileException ex) {
            throw new CsvInputException(file + ": no such file");
        }
        // RFC 4180 quoting only: a backslash is data (opencsv's default parser would drop it from user ids).
        csv = new CSVReaderBuilder(text)
                .withCSVParser(new CSVParserBuilder().withEscapeChar(ICSVParser.NULL_CHARACTER).build())
                .build();
        long headerLine = csv.getLinesRead() + 1;
        String[] names = next();
        while (names != null && isBlank(names)) {
            headerLine = csv.getLinesRead() + 1;
            names = next();
        }
        if (names == null) {
            throw new CsvInputException(file + ": the file is empty; expected a header row with organization_id,user_id");
        }
        header = CsvHeader.parse(file.toString(), headerLine, names);
        exhausted = false;
    }

    @Override
    protected MembershipRow doRead() throws Exception {
        while (!exhausted) {
            long line = csv.getLinesRead() + 1;
            String[] values;
            try {
                values = next();
            }
            catch (CsvMalformedLineException ex) {
                exhausted = true;
                return new MembershipRow(line, null, null, null, "unterminated quoted field: the rest of the file"
                        + " from this line on could not be read; close the quote and run again");
            }
            if (values == null) {
                exhausted = true;
                return null;
            }
            if (!isBlank(values)) {
                String malformed = values.length == header.columns() ? null
                        : "expected " + header.columns() + " fields as in the header, found " + values.length;
                return new MembershipRow(line, header.valueAt(values, header.organizationId()),
                        header.valueAt(values, header.organizationName()), header.valueAt(values, header.userId()),
                        header.valueAt(values, header.email()), header.valueAt(values, header.roles()), malformed);
            }
        }
        return null;
    }

    private String[] next() throws IOException, CsvMalformedLineException {
        try {
            return csv.readNext();
        }
        catch (CharacterCodingException ex) {
            // The decoder reads ahead, so find the offending line in the bytes themselves.
            throw new CsvInputException(file + ":" + Utf8Check.firstBadLine(file) + ": the file is not valid UTF-8;"
                    + " save it as UTF-8 and run again");
        }
        catch (CsvMalformedLineException ex) {
            throw ex;
        }
        catch (CsvValidationException ex) {
            throw new CsvInputException(file + ":" + ex.getLineNumber() + ": " + ex.getMessage(), ex);
        }
    }

    private static boolean isBlank(String[] values) {
        return values.length == 1 && values[0].replace("\uFEFF", "").isBlank();
    }

    @Override
    protected void doClose() throws Exception {
        if (csv != null) {
            csv.close();
            csv = null;
        }
    }
}
