package dev.orgmembersync.auth0;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The user calls: users by email, the user search and users by id (to find the unknown ids of a refused batch, and
 * the connections of {@code sync.mirror.keep}), and user export jobs; paced and retried like every call of
 * {@link ManagementApi}.
 */
public class UserApi {

    private final ManagementApi api;

    public UserApi(ManagementApi api) {
        this.api = api;
    }

    /**
     * {@code GET /api/v2/users/{id}}: the connections of the user's identities (the first is the one it logs in
     * with); empty when Auth0 has no such user. Auth0's "Read Users" bucket, as the lookups of refused batches.
     */
    public Optional<List<String>> userConnections(String userId) {
        ApiResponse response = api.send(Bucket.USER_READS, "/api/v2/users/" + ManagementApi.encodePath(userId)
                + "?fields=user_id,identities&include_fields=true", "GET", null);
        if (response.status() == 404) {
            return Optional.empty();
        }
        api.requireSuccess(response, "read the user " + userId);
        List<String> connections = new ArrayList<>();
        for (JsonNode identity : api.json.readTree(response.body()).path("identities")) {
            String connection = identity.path("connection").asString(null);
            if (connection != null) {
                connections.add(connection);
            }
        }
        return Optional.of(connections);
    }

    /**
     * {@code GET /api/v2/users-by-email?email=...}: Auth0's search is exact and case-sensitive. No account is an
     * empty list, not a 404.
     */
    public List<UserAccount> usersByEmail(String email) {
        ApiResponse response = api.send(Bucket.USERS, "/api/v2/users-by-email?fields=user_id,email,identities"
                + "&include_fields=true&email=" + ManagementApi.encode(email), "GET", null);
        api.requireSuccess(response, "look up the users with an email");
        List<UserAccount> accounts = new ArrayList<>();
        for (JsonNode user : api.json.readTree(response.body())) {
            accounts.add(new UserAccount(user.path("user_id").asString(), user.path("email").asString(email),
                    user.path("identities").path(0).path("connection").asString(null)));
        }
        return accounts;
    }

    /**
     * The user search {@code GET /api/v2/users?q=user_id:("a" OR "b" ...)&search_engine=v3&fields=user_id} for
     * at most ten ids. Auth0's search is eventually consistent: a user created moments ago may not be listed yet.
     *
     * @return the ids of {@code userIds} the search lists, or empty when Auth0 refused the search (a 4xx other than
     *         401/403, which throw {@link Auth0AccessException}, like a 5xx or network fault that outlasts the retries
     *         throws {@link TenantUnavailableException})
     */
    public Optional<Set<String>> searchUsersById(List<String> userIds) {
        if (userIds.isEmpty() || userIds.size() > ManagementApi.MAX_MEMBERS_PER_ADD) {
            throw new IllegalArgumentException("1 to 10 ids per search, got " + userIds.size());
        }
        String query = "user_id:(" + String.join(" OR ", userIds.stream().map(UserApi::quoted).toList()) + ")";
        ApiResponse response = api.send(Bucket.USER_READS, "/api/v2/users?search_engine=v3&fields=user_id"
                + "&include_fields=true&per_page=" + ManagementApi.MAX_MEMBERS_PER_ADD + "&q=" + ManagementApi.encode(query), "GET", null);
        if (!response.isSuccess()) {
            return Optional.empty();
        }
        JsonNode root = api.json.readTree(response.body());
        Set<String> listed = new HashSet<>();
        for (JsonNode user : root.isArray() ? root : root.path("users")) {
            listed.add(user.path("user_id").asString());
        }
        listed.retainAll(userIds);
        return Optional.of(listed);
    }

    /**
     * {@code GET /api/v2/users/{id}?fields=user_id}: true on 200, false on 404 (Auth0's {@code inexistent_user}),
     * empty for any other answer.
     */
    public Optional<Boolean> userExists(String userId) {
        ApiResponse response = api.send(Bucket.USER_READS, "/api/v2/users/" + ManagementApi.encodePath(userId)
                + "?fields=user_id&include_fields=true", "GET", null);
        if (response.isSuccess()) {
            return Optional.of(true);
        }
        return response.status() == 404 ? Optional.of(false) : Optional.empty();
    }

    /** A Lucene phrase: the id in double quotes, with {@code \} and {@code "} escaped. */
    private static String quoted(String id) {
        return '"' + id.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * {@code POST /api/v2/jobs/users-exports}: every user of the tenant as NDJSON with the fields
     * {@code user_id}, {@code email} and {@code identities[0].connection} (exported as {@code connection}).
     *
     * @return the job id
     */
    public String startUsersExport() {
        String body = api.json.writeValueAsString(Map.of("format", "json", "fields", List.of(
                Map.of("name", "user_id"), Map.of("name", "email"),
                Map.of("name", "identities[0].connection", "export_as", ExportDownload.CONNECTION_FIELD))));
        ApiResponse response = api.send(Bucket.USERS, "/api/v2/jobs/users-exports", "POST", body);
        api.requireSuccess(response, "start a user export");
        return api.json.readTree(response.body()).path("id").asString();
    }

    /** {@code GET /api/v2/jobs/{id}}: the export's status, with a fresh signed download link once it is done. */
    public ExportJob exportJob(String jobId) {
        ApiResponse response = api.send(Bucket.USERS, "/api/v2/jobs/" + ManagementApi.encodePath(jobId), "GET", null);
        api.requireSuccess(response, "read the user export job " + jobId);
        JsonNode job = api.json.readTree(response.body());
        String location = job.path("location").asString(null);
        return new ExportJob(jobId, job.path("status").asString(""), location == null ? null : URI.create(location));
    }
}
