package dev.orgmembersync.auth0;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLException;

import io.github.resilience4j.core.functions.CheckedSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Management API v2 calls this job makes, each paced and retried by the {@link Pacer}. Answers
 * that concern a row become values; answers that concern the whole run (credentials, scopes, an
 * unreachable tenant) become exceptions.
 */
public class ManagementApi {

    /** "You can send a maximum of 10 members per organization per request" (Auth0, assign-members). */
    public static final int MAX_MEMBERS_PER_ADD = 10;

    /** The API maximum for {@code take}: fewest calls per page of members. */
    public static final int PAGE_SIZE = 100;

    private final HttpClient http;
    final JsonMapper json;
    private final Pacer pacer;
    private final TokenProvider tokens;
    private final URI base;
    private final Duration requestTimeout;

    ManagementApi(HttpClient http, JsonMapper json, Pacer pacer, TokenProvider tokens, Auth0Properties properties) {
        this.http = http;
        this.json = json;
        this.pacer = pacer;
        this.tokens = tokens;
        this.base = properties.apiBase();
        this.requestTimeout = properties.requestTimeout();
    }

    /** {@code POST /api/v2/organizations/{id}/members} with at most ten ids. */
    public AddOutcome addMembers(String organizationId, List<String> userIds) {
        if (userIds.isEmpty() || userIds.size() > MAX_MEMBERS_PER_ADD) {
            throw new IllegalArgumentException("1 to 10 ids per call, got " + userIds.size());
        }
        String body = json.writeValueAsString(Map.of("members", userIds));
        ApiResponse response = send(Bucket.MEMBER_WRITES, membersPath(organizationId), "POST", body);
        if (response.status() == 204 || response.isSuccess()) {
            return new AddOutcome.Added();
        }
        ApiError error = ApiError.parse(json, response);
        if (MissingUsersAnswer.isAbout(error)) {
            return new AddOutcome.UnknownUsers(MissingUsersAnswer.namedIds(error.message(), userIds), error.describe());
        }
        if (response.status() == 404) {
            return new AddOutcome.UnknownOrganization(error.describe());
        }
        if (response.isThrottled() || response.isTransient()) {
            return new AddOutcome.Failed("gave up after every allowed attempt: " + error.describe());
        }
        if (response.status() >= 400 && response.status() < 500) {
            return new AddOutcome.Refused(error.describe());
        }
        return new AddOutcome.Failed(error.describe());
    }

    /**
     * One checkpoint page of {@code GET /api/v2/organizations/{id}/members} ({@code take=100},
     * {@code fields=user_id,email}: mirror mode protects members by email); offset paging would stop at 1000 records.
     *
     * @return the page, or empty when the organization does not exist
     */
    public Optional<MembersPage> membersPage(String organizationId, String from) {
        return membersPage(organizationId, from, false);
    }

    /**
     * As {@link #membersPage(String, String)}; {@code withRoles} also asks for each member's organization roles
     * ({@code fields=user_id,email,roles}, which needs the scope {@code read:organization_member_roles}).
     */
    public Optional<MembersPage> membersPage(String organizationId, String from, boolean withRoles) {
        StringBuilder path = new StringBuilder(membersPath(organizationId))
                .append(withRoles ? "?fields=user_id,email,roles" : "?fields=user_id,email")
                .append("&include_fields=true&take=").append(PAGE_SIZE);
        if (from != null) {
            path.append("&from=").append(encode(from));
        }
        ApiResponse response = send(Bucket.MEMBER_READS, path.toString(), "GET", null);
        if (response.status() == 404) {
            return Optional.empty();
        }
        requireSuccess(response, "list the members of " + organizationId);
        JsonNode root = json.readTree(response.body());
        JsonNode members = root.isArray() ? root : root.path("members");
        Map<String, String> emailsById = new LinkedHashMap<>();
        Map<String, List<Role>> rolesById = new LinkedHashMap<>();
        for (JsonNode member : members) {
            String userId = member.path("user_id").asString();
            emailsById.put(userId, member.path("email").asString(null));
            if (withRoles) {
                rolesById.put(userId, RoleApi.roles(member.path("roles")));
            }
        }
        JsonNode next = root.path("next");
        return Optional.of(new MembersPage(emailsById, rolesById,
                next.isString() && !next.asString().isEmpty() ? next.asString() : null));
    }

    /** {@code DELETE /api/v2/organizations/{id}/members} with at most ten ids; Auth0 answers 204 also for non-members. */
    public RemovalOutcome removeMembers(String organizationId, List<String> userIds) {
        if (userIds.isEmpty() || userIds.size() > MAX_MEMBERS_PER_ADD) {
            throw new IllegalArgumentException("1 to 10 ids per call, got " + userIds.size());
        }
        String body = json.writeValueAsString(Map.of("members", userIds));
        ApiResponse response = send(Bucket.MEMBER_WRITES, membersPath(organizationId), "DELETE", body);
        if (response.isSuccess()) {
            return new RemovalOutcome.Removed();
        }
        String reason = ApiError.parse(json, response).describe();
        if (response.isThrottled() || response.isTransient()) {
            return new RemovalOutcome.Failed("gave up after every allowed attempt: " + reason);
        }
        return new RemovalOutcome.Failed(reason);
    }

    /**
     * {@code GET /api/v2/organizations/name/{name}}. A 404, or a 400 (Auth0 refusing the name itself), makes
     * the name unknown; only credentials, scopes or an unreachable tenant stop the run.
     */
    public OrganizationLookup organizationIdByName(String name) {
        ApiResponse response = send(Bucket.ORGANIZATIONS_BY_NAME, "/api/v2/organizations/name/" + encodePath(name), "GET", null);
        if (response.status() == 404 || response.status() == 400) {
            return new OrganizationLookup.Unknown(ApiError.parse(json, response).describe());
        }
        requireSuccess(response, "look up organization '" + name + "'");
        return new OrganizationLookup.Found(json.readTree(response.body()).path("id").asString());
    }

    void requireSuccess(ApiResponse response, String what) {
        if (response.isSuccess()) {
            return;
        }
        String reason = ApiError.parse(json, response).describe();
        if (response.isThrottled() || response.isTransient()) {
            throw new TenantUnavailableException("Auth0 kept failing to " + what + " (" + reason + ")");
        }
        throw new Auth0AccessException("Auth0 refused to " + what + " (" + reason + ")");
    }

    /** See {@link TokenProvider#prefetch()}: the token request leaves while the job stages its input. */
    public void prefetchToken() {
        tokens.prefetch();
    }

    ApiResponse send(Bucket bucket, String path, String method, String body) {
        return send(bucket, path, method, body, true);
    }

    /** {@code retryFaults} false: a 5xx, 408 or network fault is not sent again (see {@link Pacer#callOnce}). */
    ApiResponse send(Bucket bucket, String path, String method, String body, boolean retryFaults) {
        URI uri = URI.create(base + path);
        try {
            AtomicReference<String> sentToken = new AtomicReference<>();
            CheckedSupplier<ApiResponse> first = () -> {
                sentToken.set(tokens.currentToken());
                return exchange(uri, method, body, sentToken.get());
            };
            ApiResponse response = retryFaults ? pacer.call(bucket, first) : pacer.callOnce(bucket, first);
            // 401: renew the token once (if it can be) and try again, paced like any other call.
            if (response.status() == 401 && tokens.renewAfterRejection(sentToken.get())) {
                CheckedSupplier<ApiResponse> renewed = () -> exchange(uri, method, body, tokens.currentToken());
                response = retryFaults ? pacer.call(bucket, renewed) : pacer.callOnce(bucket, renewed);
            }
            if (response.status() == 401) {
                throw new Auth0AccessException("Auth0 rejected the access token (" + ApiError.parse(json, response).describe()
                        + "); check auth0.token or the client credentials");
            }
            if (response.status() == 403) {
                throw CallFailures.forbidden(ApiError.parse(json, response), method + " " + uri.getPath());
            }
            return response;
        }
        catch (SSLException ex) {
            throw new Auth0AccessException("Auth0 at " + base + " could not be reached securely: " + CallFailures.describe(ex));
        }
        catch (IOException ex) {
            throw new TenantUnavailableException("Auth0 at " + base + " could not be reached: " + CallFailures.describe(ex));
        }
    }

    private ApiResponse exchange(URI uri, String method, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        pacer.sending();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new ApiResponse(response.statusCode(), response.headers(), response.body());
    }

    static String membersPath(String organizationId) {
        return "/api/v2/organizations/" + encodePath(organizationId) + "/members";
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String encodePath(String segment) {
        return encode(segment).replace("+", "%20");
    }
}
