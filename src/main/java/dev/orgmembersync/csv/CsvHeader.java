package dev.orgmembersync.csv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds our columns in the header row by name, case-insensitively, in any order; other columns (department, ...)
 * are ignored. {@code roles} is only carried into the report for now.
 */
record CsvHeader(int columns, int organizationId, int organizationName, int userId, int email, int roles) {

    static final String ORGANIZATION_ID = "organization_id";
    static final String ORGANIZATION_NAME = "organization_name";
    static final String USER_ID = "user_id";
    static final String EMAIL = "email";
    static final String ROLES = "roles";

    static CsvHeader parse(String file, long line, String[] names) {
        List<String> normalized = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String name = names[i].trim();
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1).trim(); // UTF-8 byte order mark
            }
            normalized.add(name.toLowerCase(Locale.ROOT));
        }
        CsvHeader header = new CsvHeader(names.length, normalized.indexOf(ORGANIZATION_ID),
                normalized.indexOf(ORGANIZATION_NAME), normalized.indexOf(USER_ID), normalized.indexOf(EMAIL),
                normalized.indexOf(ROLES));
        if (header.userId < 0 && header.email < 0 || header.organizationId < 0 && header.organizationName < 0) {
            throw new CsvInputException(file + ":" + line + ": the header must name the columns organization_id (or"
                    + " organization_name) and user_id (or email); found: " + String.join(", ", printable(normalized)));
        }
        return header;
    }

    private static List<String> printable(List<String> names) {
        return names.stream()
                .map(name -> name.length() > 40 ? name.substring(0, 40) + "..." : name)
                .map(name -> name.isEmpty() ? "(empty)" : name)
                .limit(20)
                .toList();
    }

    String valueAt(String[] values, int index) {
        return index >= 0 && index < values.length ? values[index].trim() : null;
    }
}
