package dev.orgmembersync.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * A request to {@code /api/v2/**} matched against the emulated endpoints.
 *
 * @param kind             matched endpoint, null when none matches
 * @param target           decoded organization id (members, invitations), name (lookup by name) or job id
 * @param member           decoded user id of a member's roles, else null
 * @param methodNotAllowed the path matches but the method is not emulated
 */
record ApiRoute(EndpointKind kind, String target, String member, boolean methodNotAllowed) {

    static final String PREFIX = "/api/v2/";

    ApiRoute(EndpointKind kind, String target, boolean methodNotAllowed) {
        this(kind, target, null, methodNotAllowed);
    }

    static ApiRoute parse(String method, String rawPath) {
        Optional<List<String>> parsed = HttpIo.segmentsAfter(rawPath, PREFIX);
        if (parsed.isPresent() && !parsed.get().get(0).equals("organizations")) {
            return usersOrJobs(method, parsed.get());
        }
        if (parsed.isPresent() && parsed.get().size() == 5 && parsed.get().get(2).equals("members")
                && parsed.get().get(4).equals("roles")) {
            return switch (method) {
                case "POST" -> new ApiRoute(EndpointKind.MEMBER_ROLES_POST, parsed.get().get(1), parsed.get().get(3), false);
                case "DELETE" -> new ApiRoute(EndpointKind.MEMBER_ROLES_DELETE, parsed.get().get(1), parsed.get().get(3),
                        false);
                default -> new ApiRoute(null, null, true);
            };
        }
        if (parsed.isEmpty() || parsed.get().size() != 3 || !parsed.get().get(0).equals("organizations")) {
            return new ApiRoute(null, null, false);
        }
        List<String> segments = parsed.get();
        if (segments.get(1).equals("name")) {
            return method.equals("GET")
                    ? new ApiRoute(EndpointKind.ORG_BY_NAME, segments.get(2), false)
                    : new ApiRoute(null, null, true);
        }
        if (segments.get(2).equals("invitations")) {
            return switch (method) {
                case "GET" -> new ApiRoute(EndpointKind.INVITATIONS_GET, segments.get(1), false);
                case "POST" -> new ApiRoute(EndpointKind.INVITATIONS_POST, segments.get(1), false);
                default -> new ApiRoute(null, null, true);
            };
        }
        if (!segments.get(2).equals("members")) {
            return new ApiRoute(null, null, false);
        }
        return switch (method) {
            case "GET" -> new ApiRoute(EndpointKind.MEMBERS_GET, segments.get(1), false);
            case "POST" -> new ApiRoute(EndpointKind.MEMBERS_POST, segments.get(1), false);
            case "DELETE" -> new ApiRoute(EndpointKind.MEMBERS_DELETE, segments.get(1), false);
            default -> new ApiRoute(null, null, true);
        };
    }

    /** {@code users-by-email}, {@code users} (search), {@code users/{id}}, {@code jobs/users-exports} and {@code jobs/{id}}. */
    private static ApiRoute usersOrJobs(String method, List<String> segments) {
        EndpointKind kind;
        if (segments.equals(List.of("roles"))) {
            kind = method.equals("GET") ? EndpointKind.ROLES_GET : null;
        } else if (segments.equals(List.of("users"))) {
            kind = method.equals("GET") ? EndpointKind.USERS_SEARCH : null;
        } else if (segments.size() == 2 && segments.get(0).equals("users")) {
            return method.equals("GET") ? new ApiRoute(EndpointKind.USER_GET, segments.get(1), false)
                    : new ApiRoute(null, null, true);
        } else if (segments.equals(List.of("users-by-email"))) {
            kind = method.equals("GET") ? EndpointKind.USERS_BY_EMAIL : null;
        } else if (segments.equals(List.of("jobs", "users-exports"))) {
            kind = method.equals("POST") ? EndpointKind.EXPORT_POST : null;
        } else if (segments.size() == 2 && segments.get(0).equals("jobs")) {
            kind = method.equals("GET") ? EndpointKind.JOB_GET : null;
        } else if (segments.size() == 2 && segments.get(0).equals("users")) {
            kind = method.equals("GET") ? EndpointKind.USER_GET : null;
        } else {
            return new ApiRoute(null, null, false);
        }
        return new ApiRoute(kind, kind == EndpointKind.JOB_GET || kind == EndpointKind.USER_GET ? segments.get(1) : null,
                kind == null);
    }
}
