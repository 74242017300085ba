package dev.orgmembersync.auth0;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The role calls: roles by name, and a member's organization roles ({@code POST} and {@code DELETE
 * /api/v2/organizations/{id}/members/{user_id}/roles}), paced and retried like every call of {@link ManagementApi}.
 */
public class RoleApi {

    /** Auth0's most roles per page. */
    static final int ROLES_PER_PAGE = 100;

    private final ManagementApi api;

    public RoleApi(ManagementApi api) {
        this.api = api;
    }

    /**
     * {@code GET /api/v2/roles?name_filter=<name>}, every page. Auth0's filter ignores case (and may match more than
     * the exact name): the caller picks exact matches.
     */
    public List<Role> rolesNamed(String name) {
        List<Role> roles = new ArrayList<>();
        for (int page = 0;; page++) {
            ApiResponse response = api.send(Bucket.ROLES, "/api/v2/roles?name_filter=" + ManagementApi.encode(name)
                    + "&page=" + page + "&per_page=" + ROLES_PER_PAGE + "&include_totals=true", "GET", null);
            api.requireSuccess(response, "list the roles named '" + name + "'");
            JsonNode root = api.json.readTree(response.body());
            List<Role> found = roles(root.isArray() ? root : root.path("roles"));
            roles.addAll(found);
            // with totals, the total says when to stop; without (an array), a short page does
            long total = root.path("total").asLong(-1);
            if (found.size() < ROLES_PER_PAGE || total >= 0 && roles.size() >= total) {
                return roles;
            }
        }
    }

    public RoleChange addRoles(String organizationId, String userId, List<String> roleIds) {
        return change("POST", organizationId, userId, roleIds);
    }

    public RoleChange removeRoles(String organizationId, String userId, List<String> roleIds) {
        return change("DELETE", organizationId, userId, roleIds);
    }

    private RoleChange change(String method, String organizationId, String userId, List<String> roleIds) {
        String body = api.json.writeValueAsString(Map.of("roles", roleIds));
        ApiResponse response = api.send(Bucket.MEMBER_ROLES, ManagementApi.membersPath(organizationId) + "/"
                + ManagementApi.encodePath(userId) + "/roles", method, body);
        if (response.isSuccess()) {
            return new RoleChange.Done();
        }
        String reason = ApiError.parse(api.json, response).describe();
        if (response.isThrottled() || response.isTransient()) {
            return new RoleChange.Refused("gave up after every allowed attempt: " + reason);
        }
        return new RoleChange.Refused(reason);
    }

    /** Roles as Auth0 lists them, in a role listing or a member's {@code roles}. */
    static List<Role> roles(JsonNode array) {
        List<Role> roles = new ArrayList<>();
        for (JsonNode role : array) {
            roles.add(new Role(role.path("id").asString(), role.path("name").asString(""),
                    role.path("type").asString(null), role.path("owner_id").asString(null)));
        }
        return roles;
    }
}
