package dev.orgmembersync.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v2/**}: latency, then rate limits (tenant bucket first, then the endpoint bucket), bearer token,
 * scope, injected 503s, the endpoint itself, and for accepted POSTs possibly a dropped connection. Every response
 * of an emulated endpoint carries the x-ratelimit-* headers of the bucket that decided.
 */
final class ManagementApiHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(ManagementApiHandler.class.getName());

    private final TenantDirectory directory;
    private final MembersEndpoint members;
    private final AccessTokens tokens;
    private final RateLimits rateLimits;
    private final FaultInjector faults;
    private final SandboxCounters counters;
    private final UserExports exports;
    private final OrganizationInvitations invitations;
    private final UserSearch userSearch;
    private final java.net.URI baseUrl;

    ManagementApiHandler(TenantDirectory directory, AccessTokens tokens, RateLimits rateLimits,
                         FaultInjector faults, SandboxCounters counters, UserExports exports,
                         OrganizationInvitations invitations, java.net.URI baseUrl) {
        this.directory = directory;
        this.invitations = invitations;
        this.exports = exports;
        this.baseUrl = baseUrl;
        this.members = new MembersEndpoint(directory);
        this.userSearch = new UserSearch(directory.users());
        this.tokens = tokens;
        this.rateLimits = rateLimits;
        this.faults = faults;
        this.counters = counters;
    }

    /** How long members removed by DELETE stay listed. */
    void removalDelay(Duration delay) {
        members.removalDelay(delay);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long arrived = System.currentTimeMillis();
        ApiRoute route = null;
        try {
            route = ApiRoute.parse(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
            serve(exchange, route);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "sandbox failed on " + exchange.getRequestURI(), e);
            HttpIo.sendJson(exchange, 500, ErrorAnswer.body(500, "Sandbox error: " + e, null));
        } finally {
            exchange.close();
            if (route != null && route.kind() != null) {
                counters.log(route.kind(), arrived, exchange.getResponseCode());
            }
        }
    }

    private void serve(HttpExchange exchange, ApiRoute route) throws IOException, InterruptedException {
        counters.request(route.kind());
        byte[] body = HttpIo.readBody(exchange);
        sleep(faults.nextLatency());
        if (route.kind() == null) {
            int status = route.methodNotAllowed() ? 405 : 404;
            HttpIo.sendJson(exchange, status, ErrorAnswer.body(status, ErrorAnswer.reason(status), null));
            return;
        }
        RateLimits.Admission admission = rateLimits.admit(route.kind());
        rateLimits.writeHeaders(admission, exchange.getResponseHeaders());
        if (!admission.granted()) {
            counters.tooManyRequests();
            HttpIo.sendJson(exchange, 429, ErrorAnswer.body(429, admission.message(), "too_many_requests"));
            return;
        }
        Optional<Set<String>> scopes = bearerToken(exchange).flatMap(tokens::scopesOf);
        if (scopes.isEmpty()) {
            counters.unauthorized();
            HttpIo.sendJson(exchange, 401, ErrorAnswer.body(401, "Invalid token", null));
            return;
        }
        try {
            if (!scopes.get().contains(route.kind().requiredScope())) {
                throw ErrorAnswer.insufficientScope(route.kind().requiredScope());
            }
            if (faults.nextServerError()) {
                counters.serverErrorInjected();
                HttpIo.sendJson(exchange, 503, ErrorAnswer.body(503,
                        "The service is temporarily unavailable. Please try again later.", null));
                return;
            }
            dispatch(exchange, route, body, scopes.get());
        } catch (ErrorAnswer e) {
            HttpIo.sendJson(exchange, e.status(), e.body());
        }
    }

    private void dispatch(HttpExchange exchange, ApiRoute route, byte[] body, Set<String> scopes)
            throws IOException {
        switch (route.kind()) {
            case MEMBERS_GET -> HttpIo.sendJson(exchange, 200,
                    members.list(route.target(), new QueryParams(exchange.getRequestURI().getRawQuery()), scopes));
            case ORG_BY_NAME -> HttpIo.sendJson(exchange, 200, organizationByName(route.target()));
            case USERS_BY_EMAIL -> HttpIo.sendJson(exchange, 200,
                    usersByEmail(new QueryParams(exchange.getRequestURI().getRawQuery()).string("email")));
            case EXPORT_POST -> HttpIo.sendJson(exchange, 200, exports.create(ExportRequest.fields(body)));
            case JOB_GET -> HttpIo.sendJson(exchange, 200, exports.read(route.target(), baseUrl));
            case INVITATIONS_GET -> {
                requireOrganization(route.target());
                HttpIo.sendJson(exchange, 200,
                        invitations.list(route.target(), new QueryParams(exchange.getRequestURI().getRawQuery())));
            }
            case INVITATIONS_POST -> {
                requireOrganization(route.target());
                Map<String, Object> created = invitations.create(route.target(), body);
                invitations.beforeCreatedAnswer().run();
                HttpIo.sendJson(exchange, 201, created);
            }
            case USER_GET -> HttpIo.sendJson(exchange, 200, user(route.target()));
            case MEMBERS_DELETE -> {
                members.remove(route.target(),
                        MembersPayload.parse(body, exchange.getRequestHeaders().getFirst("Content-Type")));
                HttpIo.sendNoContent(exchange);
            }
            case USERS_SEARCH -> HttpIo.sendJson(exchange, 200,
                    userSearch.search(new QueryParams(exchange.getRequestURI().getRawQuery())));
            case MEMBERS_POST -> {
                List<String> ids = MembersPayload.parse(body, exchange.getRequestHeaders().getFirst("Content-Type"));
                members.add(route.target(), ids);
                if (faults.nextDropAfterApply()) {
                    counters.connectionDropped();
                    exchange.close(); // no response at all: the connection is closed
                    return;
                }
                HttpIo.sendNoContent(exchange);
            }
            case ROLES_GET -> HttpIo.sendJson(exchange, 200,
                    directory.roles().list(new QueryParams(exchange.getRequestURI().getRawQuery())));
            case MEMBER_ROLES_POST -> {
                directory.roles().assign(directory.byId(route.target()).orElseThrow(ErrorAnswer::organizationNotFound),
                        route.target(), route.member(), body);
                HttpIo.sendNoContent(exchange);
            }
            case MEMBER_ROLES_DELETE -> {
                directory.roles().unassign(directory.byId(route.target()).orElseThrow(ErrorAnswer::organizationNotFound),
                        route.target(), route.member(), body);
                HttpIo.sendNoContent(exchange);
            }
            default -> throw new IllegalStateException("not an API endpoint: " + route.kind());
        }
    }

    private void requireOrganization(String id) {
        if (directory.byId(id).isEmpty()) {
            throw ErrorAnswer.organizationNotFound();
        }
    }

    private Map<String, Object> organizationByName(String name) {
        SandboxOrganization org = directory.byName(name)
                .orElseThrow(() -> new ErrorAnswer(404, "The organization does not exist.", null));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", org.id());
        body.put("name", org.name());
        body.put("display_name", org.displayName());
        return body;
    }

    /**
     * {@code GET /api/v2/users/{id}}: the user with its identity's connection (the account's own, else the database
     * connection for {@code auth0|} ids and the provider segment for others); 404 for an unknown user.
     */
    private Map<String, Object> user(String userId) {
        if (!directory.users().exists(userId)) {
            throw new ErrorAnswer(404, "The user does not exist.", "inexistent_user");
        }
        int bar = userId.indexOf('|');
        String provider = bar > 0 ? userId.substring(0, bar) : "auth0";
        String connection = directory.emails().connectionOf(userId).orElse(provider.equals("auth0")
                ? UserEmails.DATABASE_CONNECTION : provider);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("user_id", userId);
        user.put("identities", List.of(Map.of("connection", connection, "provider", provider,
                "user_id", userId.substring(bar + 1), "isSocial", false)));
        return user;
    }

    /** Auth0's shape: full user objects with their identities; no match is an empty array. */
    private List<Map<String, Object>> usersByEmail(String email) {
        if (email == null || email.isEmpty()) {
            throw ErrorAnswer.invalidQuery("Missing required property: email", "email");
        }
        return directory.emails().find(email).stream().map(account -> {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("user_id", account.userId());
            user.put("email", account.email());
            int bar = account.userId().indexOf('|');
            user.put("identities", List.of(Map.of("connection", account.connection(),
                    "provider", bar > 0 ? account.userId().substring(0, bar) : "auth0",
                    "user_id", account.userId().substring(bar + 1), "isSocial", false)));
            return user;
        }).toList();
    }

    private static Optional<String> bearerToken(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            return Optional.empty();
        }
        String token = header.substring("bearer ".length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static void sleep(Duration delay) throws InterruptedException {
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
        }
    }
}
