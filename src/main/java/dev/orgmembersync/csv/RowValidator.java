package dev.orgmembersync.csv;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks one row; the first problem found is reported with its field. */
public class RowValidator {

    /** Observed ids are {@code org_} + 16 alphanumerics; the API caps the path id at 50 characters. */
    private static final Pattern ORGANIZATION_ID = Pattern.compile("org_[A-Za-z0-9]+");
    private static final int MAX_ORGANIZATION_ID = 50;
    /** Auth0's organization names: lower-case letters, digits, '_' and '-', 1..50 characters. */
    private static final int MAX_ORGANIZATION_NAME = 50;
    private static final Pattern ORGANIZATION_NAME = Pattern.compile("[a-z0-9_-]+");
    private static final int MAX_USER_ID = 255;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    /** RFC 5321's limit on a forward path, which Auth0 applies to emails too. */
    static final int MAX_EMAIL = 254;

    private final String file;

    public RowValidator(String file) {
        this.file = file;
    }

    public Optional<RowRejection> validate(MembershipRow row) {
        if (row.malformed() != null) {
            return reject(row, null, row.malformed());
        }
        Optional<RowRejection> organization = row.organizationId() != null && !row.organizationId().isEmpty()
                || row.organizationName() == null
                        ? checkOrganizationId(row)
                        : checkOrganizationName(row);
        if (organization.isPresent()) {
            return organization;
        }
        return row.hasUserId() || row.email() == null ? checkUserId(row) : checkEmail(row);
    }

    private Optional<RowRejection> checkOrganizationId(MembershipRow row) {
        String id = row.organizationId();
        if (id == null || id.isEmpty()) {
            return reject(row, CsvHeader.ORGANIZATION_ID, "is empty");
        }
        if (id.length() > MAX_ORGANIZATION_ID) {
            return reject(row, CsvHeader.ORGANIZATION_ID, "is longer than " + MAX_ORGANIZATION_ID + " characters");
        }
        if (!ORGANIZATION_ID.matcher(id).matches()) {
            return reject(row, CsvHeader.ORGANIZATION_ID,
                    "must be 'org_' followed by letters and digits, got '" + shorten(id) + "'");
        }
        return Optional.empty();
    }

    private Optional<RowRejection> checkOrganizationName(MembershipRow row) {
        String name = row.organizationName();
        if (name.isEmpty()) {
            return reject(row, CsvHeader.ORGANIZATION_ID, "is empty (and so is organization_name)");
        }
        if (name.length() > MAX_ORGANIZATION_NAME) {
            return reject(row, CsvHeader.ORGANIZATION_NAME, "is longer than " + MAX_ORGANIZATION_NAME + " characters");
        }
        if (CONTROL.matcher(name).find()) {
            return reject(row, CsvHeader.ORGANIZATION_NAME, "contains control characters");
        }
        if (!ORGANIZATION_NAME.matcher(name).matches()) {
            String lower = name.toLowerCase(Locale.ROOT);
            String hint = ORGANIZATION_NAME.matcher(lower).matches() ? " (did you mean '" + lower + "'?)" : "";
            return reject(row, CsvHeader.ORGANIZATION_NAME, "must be lower-case letters, digits, '_' and '-' (Auth0's"
                    + " organization names), got '" + shorten(name) + "'" + hint);
        }
        return Optional.empty();
    }

    private Optional<RowRejection> checkUserId(MembershipRow row) {
        String id = row.userId();
        if (id == null || id.isEmpty()) {
            return reject(row, CsvHeader.USER_ID, "is empty");
        }
        if (id.length() > MAX_USER_ID) {
            return reject(row, CsvHeader.USER_ID, "is longer than " + MAX_USER_ID + " characters");
        }
        if (CONTROL.matcher(id).find() || id.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            return reject(row, CsvHeader.USER_ID, "contains spaces or control characters: '" + shorten(id) + "'");
        }
        int bar = id.indexOf('|');
        if (bar <= 0 || bar == id.length() - 1) {
            return reject(row, CsvHeader.USER_ID, "must be <connection>|<id> (e.g. auth0|507f1f77bcf86cd799439011), got '"
                    + shorten(id) + "'");
        }
        return Optional.empty();
    }

    /** The email as the row has it (trimmed); compared lower-cased later. */
    private Optional<RowRejection> checkEmail(MembershipRow row) {
        String email = row.email();
        if (email.isEmpty()) {
            return reject(row, CsvHeader.EMAIL, row.userId() == null ? "is empty" : "is empty (and so is user_id)");
        }
        if (email.length() > MAX_EMAIL) {
            return reject(row, CsvHeader.EMAIL, "is longer than " + MAX_EMAIL + " characters");
        }
        if (CONTROL.matcher(email).find() || email.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            return reject(row, CsvHeader.EMAIL, "contains spaces or control characters: '" + shorten(email) + "'");
        }
        int at = email.indexOf('@');
        if (at <= 0 || at == email.length() - 1 || email.indexOf('@', at + 1) >= 0) {
            return reject(row, CsvHeader.EMAIL, "must be one address with a single '@' (e.g. jane@example.com), got '"
                    + shorten(email) + "'");
        }
        return Optional.empty();
    }

    private Optional<RowRejection> reject(MembershipRow row, String field, String reason) {
        return Optional.of(new RowRejection(file, row.line(), field, reason));
    }

    /** Keeps a 100 kB field out of the report. */
    static String shorten(String value) {
        String printable = CONTROL.matcher(value).replaceAll("?");
        return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
    }
}
