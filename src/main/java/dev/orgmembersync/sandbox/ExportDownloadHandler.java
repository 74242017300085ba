package dev.orgmembersync.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /exports/{job id}.json.gz?expires=...&signature=...}: the storage behind an export's signed link. Like a
 * pre-signed S3 URL it refuses a request that also carries an Authorization header, and an expired or forged link;
 * it streams gzip NDJSON, one user per line with the job's fields.
 */
final class ExportDownloadHandler implements HttpHandler {

    private static final String SUFFIX = ".json.gz";

    private final UserExports exports;
    private final UserEmails emails;
    private final SandboxCounters counters;

    ExportDownloadHandler(UserExports exports, UserEmails emails, SandboxCounters counters) {
        this.exports = exports;
        this.emails = emails;
        this.counters = counters;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            HttpIo.readBody(exchange);
            counters.exportDownload();
            if (exchange.getRequestHeaders().containsKey("Authorization")) {
                counters.exportDownloadWithAuthorization();
                HttpIo.sendJson(exchange, 400, Map.of("Code", "InvalidArgument",
                        "Message", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter,"
                                + " Signature query string parameter or the Authorization header should be specified"));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            String file = path.substring(UserExports.DOWNLOAD_PREFIX.length());
            QueryParams query = new QueryParams(exchange.getRequestURI().getRawQuery());
            StringBuilder refusal = new StringBuilder();
            Optional<List<UserExports.Field>> fields = exchange.getRequestMethod().equals("GET") && file.endsWith(SUFFIX)
                    ? exports.fieldsFor(file.substring(0, file.length() - SUFFIX.length()), query.string("expires"),
                            query.string("signature"), refusal)
                    : Optional.empty();
            if (fields.isEmpty()) {
                counters.exportDownloadRefused();
                HttpIo.sendJson(exchange, 403, Map.of("Code", "AccessDenied", "Message",
                        refusal.isEmpty() ? "Access Denied" : refusal.toString()));
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/gzip");
            exchange.sendResponseHeaders(200, 0);
            try (Writer out = new BufferedWriter(new OutputStreamWriter(
                    new GZIPOutputStream(exchange.getResponseBody(), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
                emails.forEach(account -> write(out, account, fields.get()));
            }
        } finally {
            exchange.close();
        }
    }

    private static void write(Writer out, UserEmails.Account account, List<UserExports.Field> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        for (UserExports.Field field : fields) {
            Object value = switch (field.name()) {
                case "user_id" -> account.userId();
                case "email" -> account.email();
                case "identities[0].connection" -> account.connection();
                default -> null;
            };
            if (value != null) {
                line.put(field.key(), value);
            }
        }
        try {
            out.write(Json.MAPPER.writeValueAsString(line));
            out.write('\n');
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
