package dev.orgmembersync.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.opencsv.CSVReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The report files a job process wrote, and the input files the tests give it. */
final class Reports {

    private Reports() {
    }

    /**
     * reconciliation.csv without its header: line, organization_id, user_id, status, detail, organization_name, email,
     * roles.
     */
    static List<String[]> reconciliation(Path reportDir) {
        try (CSVReader csv = new CSVReader(Files.newBufferedReader(reportDir.resolve("reconciliation.csv")))) {
            List<String[]> rows = csv.readAll();
            if (!Arrays.equals(rows.get(0), new String[] { "line", "organization_id", "user_id", "status", "detail",
                    "organization_name", "email", "roles" })) {
                throw new AssertionError("unexpected header " + Arrays.toString(rows.get(0)));
            }
            return rows.subList(1, rows.size());
        }
        catch (Exception ex) {
            throw new IllegalStateException("could not read " + reportDir.resolve("reconciliation.csv"), ex);
        }
    }

    static JsonNode summary(Path reportDir) {
        try {
            return JsonMapper.builder().build().readTree(Files.readString(reportDir.resolve("summary.json")));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Deletes the report files so that a new one can be told from an old one. */
    static void delete(Path reportDir) {
        try {
            Files.deleteIfExists(reportDir.resolve("reconciliation.csv"));
            Files.deleteIfExists(reportDir.resolve("summary.json"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A CSV input {@code organization_id,user_id}, one row per membership. */
    static Path input(Path file, List<Membership> rows) {
        StringBuilder csv = new StringBuilder("organization_id,user_id\n");
        rows.forEach(row -> csv.append(row.organizationId()).append(',').append(row.userId()).append('\n'));
        try {
            return Files.writeString(file, csv);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** One input row; its physical line is its index + 2 (the header is line 1). */
    record Membership(String organizationId, String userId) {
    }

    /** Sandbox-generated ids ({@code --generate-orgs}, {@code --generate-users}), {@code n} 1-based. */
    static String generatedOrganization(int n) {
        return String.format("org_gen%08d", n);
    }

    static String generatedUser(int n) {
        return String.format("auth0|gen%08d", n);
    }
}
