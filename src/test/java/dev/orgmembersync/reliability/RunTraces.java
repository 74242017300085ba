package dev.orgmembersync.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything a finished run left in text form, by place: stdout, stderr, the log file, each report file,
 * each column of each table of the job database, and the database file's raw bytes.
 */
final class RunTraces {

    private final Map<String, String> texts = new LinkedHashMap<>();

    private RunTraces() {
    }

    /**
     * @param database the H2 file database as given to the run, without {@code .mv.db}
     * @param files    log file and report directories (a directory contributes every file below it)
     */
    static RunTraces collect(String stdout, String stderr, Path database, Path... files) {
        RunTraces traces = new RunTraces();
        traces.texts.put("stdout", stdout);
        traces.texts.put("stderr", stderr);
        for (Path file : files) {
            traces.addFiles(file);
        }
        traces.addDatabase(database);
        return traces;
    }

    /** The places whose text contains {@code secret}. */
    List<String> placesContaining(String secret) {
        List<String> places = new ArrayList<>();
        texts.forEach((place, text) -> {
            if (text.contains(secret)) {
                places.add(place);
            }
        });
        return places;
    }

    List<String> places() {
        return List.copyOf(texts.keySet());
    }

    String text(String place) {
        return texts.getOrDefault(place, "");
    }

    private void addFiles(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                // ISO-8859-1 maps every byte to one char, so an ASCII secret is found whatever the encoding
                texts.put("file " + file, new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void addDatabase(Path database) {
        addFiles(database.resolveSibling(database.getFileName() + ".mv.db"));
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + database.toAbsolutePath(), "sa", "")) {
            DatabaseMetaData meta = db.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(null, null, "%", new String[] { "TABLE", "BASE TABLE" })) {
                while (rs.next()) {
                    if (!"INFORMATION_SCHEMA".equals(rs.getString("TABLE_SCHEM"))) {
                        tables.add(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME"));
                    }
                }
            }
            for (String table : tables) {
                addTable(db, table);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("could not read the job database " + database, ex);
        }
    }

    private void addTable(Connection db, String table) throws SQLException {
        String[] name = table.split("\\.", 2);
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM \"" + name[0] + "\".\"" + name[1] + "\"")) {
            ResultSetMetaData columns = rs.getMetaData();
            List<StringBuilder> values = new ArrayList<>();
            for (int c = 1; c <= columns.getColumnCount(); c++) {
                values.add(new StringBuilder());
            }
            while (rs.next()) {
                for (int c = 1; c <= columns.getColumnCount(); c++) {
                    values.get(c - 1).append(text(rs.getObject(c))).append('\n');
                }
            }
            for (int c = 1; c <= columns.getColumnCount(); c++) {
                texts.put("db " + table + "." + columns.getColumnName(c), values.get(c - 1).toString());
            }
        }
    }

    private static String text(Object value) throws SQLException {
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        if (value instanceof Blob blob) {
            return new String(blob.getBytes(1, (int) blob.length()), StandardCharsets.ISO_8859_1);
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return String.valueOf(value);
    }
}
