package dev.orgmembersync.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * A request to {@code /api/v2/**} matched against the emulated endpoints.
 *
 * @param kind             matched endpoint, null when none matches
 * @param target           decoded organization id (members) or name (lookup by name)
 * @param methodNotAllowed the path matches but the method is not emulated
 */
record ApiRoute(EndpointKind kind, String target, boolean methodNotAllowed) {

    static final String PREFIX = "/api/v2/";

    static ApiRoute parse(String method, String rawPath) {
        Optional<List<String>> parsed = HttpIo.segmentsAfter(rawPath, PREFIX);
        if (parsed.isEmpty() || parsed.get().size() != 3 || !parsed.get().get(0).equals("organizations")) {
            return new ApiRoute(null, null, false);
        }
        List<String> segments = parsed.get();
        if (segments.get(1).equals("name")) {
            return method.equals("GET")
                    ? new ApiRoute(EndpointKind.ORG_BY_NAME, segments.get(2), false)
                    : new ApiRoute(null, null, true);
        }
        if (!segments.get(2).equals("members")) {
            return new ApiRoute(null, null, false);
        }
        return switch (method) {
            case "GET" -> new ApiRoute(EndpointKind.MEMBERS_GET, segments.get(1), false);
            case "POST" -> new ApiRoute(EndpointKind.MEMBERS_POST, segments.get(1), false);
            default -> new ApiRoute(null, null, true);
        };
    }
}
