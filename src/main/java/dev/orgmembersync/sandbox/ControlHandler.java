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

/**
 * Unauthenticated, unlimited control endpoints for out-of-process tests and benchmarks: {@code GET /sandbox/stats}
 * ({@code ?posts=false} leaves out the per-member post counts, which are large after big runs),
 * {@code GET /sandbox/requests} (CSV {@code epoch_ms,kind,status}, one line per token or API request, time of
 * arrival before any added latency, status 0 for a dropped connection),
 * {@code GET /sandbox/organizations/{id}/members} (plain array of ids),
 * {@code POST /sandbox/organizations/{id}/members/remove} (body {@code {"members": [ids]}} as for Auth0's add and
 * remove calls, answer 204: members someone removed in Auth0 between two runs) and {@code POST /sandbox/tokens/revoke}.
 */
final class ControlHandler implements HttpHandler {

    private final SandboxTenant tenant;
    private final TenantDirectory directory;

    ControlHandler(SandboxTenant tenant, TenantDirectory directory) {
        this.tenant = tenant;
        this.directory = directory;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = HttpIo.readBody(exchange);
            String method = exchange.getRequestMethod();
            List<String> path = HttpIo.segmentsAfter(exchange.getRequestURI().getRawPath(), "/sandbox/")
                    .orElse(List.of());
            if (method.equals("GET") && path.equals(List.of("stats"))) {
                boolean posts = !"posts=false".equals(exchange.getRequestURI().getRawQuery());
                HttpIo.sendJson(exchange, 200, stats(posts));
            } else if (method.equals("GET") && path.equals(List.of("requests"))) {
                exchange.getResponseHeaders().set("Content-Type", "text/csv; charset=utf-8");
                exchange.sendResponseHeaders(200, 0);
                try (Writer out = new BufferedWriter(
                        new OutputStreamWriter(exchange.getResponseBody(), StandardCharsets.UTF_8), 1 << 16)) {
                    tenant.writeRequestLog(out);
                }
            } else if (method.equals("GET") && path.size() == 3 && path.get(0).equals("organizations")
                    && path.get(2).equals("members")) {
                Optional<SandboxOrganization> org = directory.byId(path.get(1));
                if (org.isPresent()) {
                    HttpIo.sendJson(exchange, 200, org.get().members());
                } else {
                    ErrorAnswer error = ErrorAnswer.organizationNotFound();
                    HttpIo.sendJson(exchange, error.status(), error.body());
                }
            } else if (method.equals("POST") && path.size() == 4 && path.get(0).equals("organizations")
                    && path.get(2).equals("members") && path.get(3).equals("remove")) {
                try {
                    SandboxOrganization org = directory.byId(path.get(1)).orElseThrow(ErrorAnswer::organizationNotFound);
                    org.removeMembers(MembersPayload.parse(body, exchange.getRequestHeaders().getFirst("Content-Type")));
                    HttpIo.sendNoContent(exchange);
                }
                catch (ErrorAnswer error) {
                    HttpIo.sendJson(exchange, error.status(), error.body());
                }
            } else if (method.equals("POST") && path.equals(List.of("drain"))) {
                // outside traffic: POST /sandbox/drain?bucket=writes&tokens=20
                QueryParams query = new QueryParams(exchange.getRequestURI().getRawQuery());
                String bucket = query.has("bucket") ? query.string("bucket") : "writes";
                try {
                    int taken = tenant.drain(bucket, query.integer("tokens", 1, Integer.MAX_VALUE, Integer.MAX_VALUE));
                    HttpIo.sendJson(exchange, 200, Map.of("taken", taken));
                }
                catch (IllegalArgumentException ex) {
                    HttpIo.sendJson(exchange, 400, ErrorAnswer.body(400, ex.getMessage(), null));
                }
            } else if (method.equals("POST") && path.equals(List.of("tokens", "revoke"))) {
                tenant.revokeAllTokens();
                HttpIo.sendNoContent(exchange);
            } else {
                HttpIo.sendJson(exchange, 404, ErrorAnswer.body(404, "Not Found", null));
            }
        } finally {
            exchange.close();
        }
    }

    private Map<String, Object> stats(boolean withPosts) {
        SandboxStats stats = tenant.stats();
        Map<String, Object> requests = new LinkedHashMap<>();
        requests.put("token", stats.tokenRequests());
        requests.put("members_get", stats.membersGetRequests());
        requests.put("members_post", stats.membersPostRequests());
        requests.put("members_delete", tenant.deleteRequests());
        requests.put("org_by_name", stats.orgByNameRequests());
        requests.put("users_by_email", stats.usersByEmailRequests());
        requests.put("users_export_post", stats.exportPostRequests());
        requests.put("job_get", stats.jobGetRequests());
        requests.put("roles_get", directory.roles().listings());
        requests.put("member_roles_post", directory.roles().changes("POST"));
        requests.put("member_roles_delete", directory.roles().changes("DELETE"));
        Map<String, Object> downloads = new LinkedHashMap<>();
        downloads.put("total", stats.exportDownloads());
        downloads.put("with_authorization", stats.exportDownloadsWithAuthorization());
        downloads.put("refused", stats.exportDownloadsRefused());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_requests", stats.totalRequests());
        body.put("requests", requests);
        body.put("too_many_requests", stats.tooManyRequests());
        body.put("server_errors_injected", stats.serverErrorsInjected());
        body.put("connections_dropped", stats.connectionsDropped());
        body.put("unauthorized", stats.unauthorized());
        body.put("export_downloads", downloads);
        body.put("first_request_epoch_ms", tenant.firstRequestEpochMillis());
        body.put("last_request_epoch_ms", tenant.lastRequestEpochMillis());
        ClientAssertionStats assertions = tenant.clientAssertionStats();
        body.put("client_assertions", Map.of("accepted", assertions.accepted(), "refused", assertions.refused(),
                "reused_jti", assertions.reusedJti()));
        if (withPosts) {
            body.put("posts", directory.posts());
            body.put("deletes", directory.deletes());
            body.put("role_posts", directory.roles().changesByMember("POST"));
        }
        return body;
    }
}
