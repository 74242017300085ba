package dev.orgmembersync.auth0;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams a finished user export (gzipped NDJSON, one user per line) from its pre-signed URL, one account at a
 * time. The URL lives on another host and carries its own signature: the request has no Authorization header, so
 * the Management API token never leaves for it, and only the URL without its query (the signature) is ever
 * named in a message.
 */
public class ExportDownload {

    /** The name the export is asked to give {@code identities[0].connection} (see {@link ManagementApi}). */
    static final String CONNECTION_FIELD = "connection";

    private final HttpClient http;
    private final JsonMapper json;
    private final Duration requestTimeout;

    ExportDownload(HttpClient http, JsonMapper json, Duration requestTimeout) {
        this.http = http;
        this.json = json;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Reads every account with an email; an expired link, another refusal or a network failure throws
     * {@link IOException} naming the status and the URL without its query.
     */
    public void stream(URI location, Consumer<UserAccount> accounts) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(location).timeout(requestTimeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading the user export", ex);
        }
        catch (IOException ex) {
            throw new IOException("the user export at " + withoutQuery(location) + " could not be downloaded: "
                    + CallFailures.describe(ex), ex);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("the user export at " + withoutQuery(location) + " answered HTTP "
                        + response.statusCode() + " (the signed link may have expired)");
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(body),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!line.isBlank()) {
                        account(json.readTree(line), accounts);
                    }
                }
            }
        }
    }

    private static void account(JsonNode user, Consumer<UserAccount> accounts) {
        String email = user.path("email").asString(null);
        String userId = user.path("user_id").asString(null);
        if (email != null && userId != null) {
            accounts.accept(new UserAccount(userId, email, user.path(CONNECTION_FIELD).asString(null)));
        }
    }

    /** The URL a message may name: scheme, host and path, never the query that carries the signature. */
    public static String withoutQuery(URI location) {
        return location.getScheme() + "://" + location.getRawAuthority() + location.getRawPath();
    }
}
