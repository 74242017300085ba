package dev.orgmembersync.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;

/**
 * The tenant's roles and the organization roles of members: {@code GET /api/v2/roles} (Auth0's {@code name_filter}
 * ignores case and matches part of the name; page/per_page/include_totals), the {@code roles} field of the member
 * listing, and {@code POST}/{@code DELETE /api/v2/organizations/{id}/members/{user_id}/roles} (204; 409 past 50
 * roles, as Auth0 documents; 400 for an unknown role id; 404 for a user who is not a member, which Auth0 leaves
 * undocumented). Thread-safe.
 */
public final class SandboxRoles {

    static final int MAX_ROLES_PER_MEMBER = 50;

    private final Map<String, TenantSeed.Role> byId = new LinkedHashMap<>();
    /** organization id, then user id, then role ids in assignment order. */
    private final Map<String, Map<String, Set<String>>> assigned = new ConcurrentHashMap<>();
    private final AtomicLong listings = new AtomicLong();
    private final Map<String, AtomicLong> changes = new ConcurrentHashMap<>();

    SandboxRoles(List<TenantSeed.Role> roles) {
        roles.forEach(role -> byId.put(role.id(), role));
    }

    /** The page of roles whose name contains {@code name_filter}, ignoring case. */
    Object list(QueryParams query) {
        listings.incrementAndGet();
        String filter = query.string("name_filter");
        int page = query.integer("page", 0, 100_000, 0);
        int perPage = query.integer("per_page", 1, 100, 50);
        List<TenantSeed.Role> matching = byId.values().stream().filter(role -> filter == null
                || role.name().toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT))).toList();
        List<Map<String, Object>> roles = matching.stream().skip((long) page * perPage).limit(perPage)
                .map(SandboxRoles::render).toList();
        if (!query.bool("include_totals", false)) {
            return roles;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("roles", roles);
        body.put("start", page * perPage);
        body.put("limit", perPage);
        body.put("total", matching.size());
        return body;
    }

    /** The member's roles as the member listing shows them ({@code [{id, name}]}). */
    synchronized List<Map<String, Object>> ofMember(String organizationId, String userId) {
        List<Map<String, Object>> roles = new ArrayList<>();
        for (String id : assigned.getOrDefault(organizationId, Map.of()).getOrDefault(userId, Set.of())) {
            Map<String, Object> role = new LinkedHashMap<>();
            role.put("id", id);
            role.put("name", byId.get(id).name());
            roles.add(role);
        }
        return roles;
    }

    synchronized void assign(SandboxOrganization organization, String organizationId, String userId, byte[] body) {
        count("POST", organizationId, userId);
        List<String> ids = roleIds(organization, userId, body);
        Set<String> roles = assigned.computeIfAbsent(organizationId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(userId, id -> new LinkedHashSet<>());
        Set<String> after = new LinkedHashSet<>(roles);
        after.addAll(ids);
        if (after.size() > MAX_ROLES_PER_MEMBER) {
            throw new ErrorAnswer(409, "No more roles can be assigned to this organization member.", null);
        }
        roles.addAll(ids);
    }

    synchronized void unassign(SandboxOrganization organization, String organizationId, String userId, byte[] body) {
        count("DELETE", organizationId, userId);
        List<String> ids = roleIds(organization, userId, body);
        ids.forEach(assigned.getOrDefault(organizationId, Map.of()).getOrDefault(userId, new LinkedHashSet<>())::remove);
    }

    /** Members who leave an organization lose its roles (Auth0 keeps none for non-members). */
    synchronized void forget(String organizationId, List<String> userIds) {
        userIds.forEach(assigned.getOrDefault(organizationId, new ConcurrentHashMap<>())::remove);
    }

    synchronized void seed(String organizationId, String userId, List<String> roleIds) {
        assigned.computeIfAbsent(organizationId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(userId, id -> new LinkedHashSet<>()).addAll(roleIds);
    }

    /** The names of the organization roles a member has, in assignment order. */
    public List<String> namesOf(String organizationId, String userId) {
        return ofMember(organizationId, userId).stream().map(role -> (String) role.get("name")).toList();
    }

    /** The ids of the organization roles a member has, in assignment order. */
    public List<String> idsOf(String organizationId, String userId) {
        return ofMember(organizationId, userId).stream().map(role -> (String) role.get("id")).toList();
    }

    /** {@code GET /api/v2/roles} requests answered. */
    public long listings() {
        return listings.get();
    }

    /** {@code POST} or {@code DELETE} calls for the member's roles, answered or not. */
    public long changes(String method, String organizationId, String userId) {
        AtomicLong count = changes.get(method + " " + organizationId + " " + userId);
        return count == null ? 0 : count.get();
    }

    /** {@code POST} or {@code DELETE} calls per organization and member, sorted. */
    Map<String, Map<String, Long>> changesByMember(String method) {
        Map<String, Map<String, Long>> byMember = new java.util.TreeMap<>();
        changes.forEach((key, count) -> {
            String[] parts = key.split(" ", 3);
            if (parts[0].equals(method)) {
                byMember.computeIfAbsent(parts[1], org -> new java.util.TreeMap<>()).put(parts[2], count.get());
            }
        });
        return byMember;
    }

    /** {@code POST} or {@code DELETE} calls for members' roles, in all. */
    public long changes(String method) {
        return changes.entrySet().stream().filter(entry -> entry.getKey().startsWith(method + " "))
                .mapToLong(entry -> entry.getValue().get()).sum();
    }

    private void count(String method, String organizationId, String userId) {
        changes.computeIfAbsent(method + " " + organizationId + " " + userId, key -> new AtomicLong()).incrementAndGet();
    }

    private List<String> roleIds(SandboxOrganization organization, String userId, byte[] body) {
        JsonNode roles;
        try {
            roles = Json.MAPPER.readTree(body).path("roles");
        }
        catch (RuntimeException ex) {
            throw ErrorAnswer.invalidBody("Payload validation error: 'Invalid JSON'.");
        }
        if (!roles.isArray() || roles.isEmpty()) {
            throw ErrorAnswer.invalidBody("Payload validation error: 'Too few items (0), minimum 1' on property roles.");
        }
        if (!organization.members().contains(userId)) {
            throw new ErrorAnswer(404, "The user is not a member of the organization.", null);
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : roles) {
            if (!byId.containsKey(id.asString())) {
                throw ErrorAnswer.invalidBody("One or more of the specified roles do not exist: " + id.asString());
            }
            ids.add(id.asString());
        }
        return ids;
    }

    private static Map<String, Object> render(TenantSeed.Role role) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", role.id());
        json.put("name", role.name());
        json.put("description", role.name());
        if (role.ownerId() != null) {
            json.put("type", "organization");
            json.put("owner_id", role.ownerId());
        }
        return json;
    }
}
