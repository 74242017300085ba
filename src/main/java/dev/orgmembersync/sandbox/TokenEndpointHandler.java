package dev.orgmembersync.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /oauth/token} with the client-credentials grant (form or JSON body, client secret in the body or
 * via HTTP Basic, or a Private Key JWT client assertion). Errors use the Authentication API shape
 * {@code {"error","error_description"}}. Not rate limited.
 */
final class TokenEndpointHandler implements HttpHandler {

    private static final String AUDIENCE_SUFFIX = "/api/v2/";

    private final AccessTokens tokens;
    private final ClientAssertions assertions;
    private final SandboxCounters counters;

    TokenEndpointHandler(AccessTokens tokens, ClientAssertions assertions, SandboxCounters counters) {
        this.tokens = tokens;
        this.assertions = assertions;
        this.counters = counters;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long arrived = System.currentTimeMillis();
        try {
            counters.request(EndpointKind.TOKEN);
            byte[] body = HttpIo.readBody(exchange);
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/oauth/token")) {
                sendError(exchange, 404, "not_found", "Not Found");
                return;
            }
            Optional<Map<String, String>> params = parameters(exchange, body);
            if (params.isEmpty()) {
                sendError(exchange, 400, "invalid_request", "Invalid request body");
                return;
            }
            grant(exchange, params.get());
        } finally {
            exchange.close();
            counters.log(EndpointKind.TOKEN, arrived, exchange.getResponseCode());
        }
    }

    private void grant(HttpExchange exchange, Map<String, String> params) throws IOException {
        String grantType = params.get("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            sendError(exchange, 400, "invalid_request", "Missing required parameter: grant_type");
            return;
        }
        if (!grantType.equals("client_credentials")) {
            sendError(exchange, 400, "unsupported_grant_type", "Unsupported grant type: " + grantType);
            return;
        }
        Optional<AccessTokens.Issued> issued;
        if (params.containsKey("client_assertion") || params.containsKey("client_assertion_type")) {
            if (!ClientAssertions.ASSERTION_TYPE.equals(params.get("client_assertion_type"))
                    || params.containsKey("client_secret")) {
                sendError(exchange, 400, "invalid_request",
                        "client_assertion_type must be " + ClientAssertions.ASSERTION_TYPE + ", without client_secret");
                return;
            }
            Optional<String> refusal = assertions.refusal(params.get("client_id"), params.get("client_assertion"));
            if (refusal.isPresent()) {
                counters.unauthorized();
                sendError(exchange, 401, "invalid_client", refusal.get());
                return;
            }
            issued = tokens.issueAuthenticated(params.get("client_id"), params.get("scope"));
        } else {
            issued = tokens.issue(params.get("client_id"), params.get("client_secret"), params.get("scope"));
        }
        if (issued.isEmpty()) {
            counters.unauthorized();
            sendError(exchange, 401, "access_denied", "Unauthorized");
            return;
        }
        String audience = params.get("audience");
        if (audience == null || audience.isEmpty()) {
            sendError(exchange, 403, "access_denied",
                    "No audience parameter was provided, and no default audience has been configured");
            return;
        }
        if (!audience.endsWith(AUDIENCE_SUFFIX)) {
            sendError(exchange, 403, "access_denied", "Service not enabled within domain: " + audience);
            return;
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", issued.get().accessToken());
        response.put("expires_in", issued.get().expiresInSeconds());
        response.put("scope", String.join(" ", issued.get().scopes()));
        response.put("token_type", "Bearer");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Pragma", "no-cache");
        HttpIo.sendJson(exchange, 200, response);
    }

    /** Body parameters (JSON object or form) plus client credentials from HTTP Basic; empty if unparsable. */
    private static Optional<Map<String, String>> parameters(HttpExchange exchange, byte[] body) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Map<String, String> params = new HashMap<>();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json")) {
            try {
                JsonNode root = Json.MAPPER.readTree(body);
                if (root == null || !root.isObject()) {
                    return Optional.empty();
                }
                root.properties().forEach(e -> {
                    if (e.getValue().isValueNode()) {
                        params.put(e.getKey(), e.getValue().asString());
                    }
                });
            } catch (JacksonException e) {
                return Optional.empty();
            }
        } else {
            HttpIo.parseForm(new String(body, StandardCharsets.UTF_8))
                    .forEach((key, values) -> params.put(key, values.get(0)));
        }
        basicCredentials(exchange).ifPresent(credentials -> {
            params.putIfAbsent("client_id", credentials.get(0));
            params.putIfAbsent("client_secret", credentials.get(1));
        });
        return Optional.of(params);
    }

    private static Optional<List<String>> basicCredentials(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(List.of(decoded.substring(0, colon), decoded.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void sendError(HttpExchange exchange, int status, String error, String description)
            throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        HttpIo.sendJson(exchange, status, body);
    }
}
