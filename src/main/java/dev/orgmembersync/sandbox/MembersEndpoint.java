package dev.orgmembersync.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET} and {@code POST /api/v2/organizations/{id}/members}. Methods return the JSON body to send (null for
 * 204) or throw {@link ErrorAnswer}.
 */
final class MembersEndpoint {

    static final int MAX_MEMBERS_PER_POST = 10;
    private static final int MAX_OFFSET_RECORDS = 1000;
    private static final String ROLES_SCOPE = "read:organization_member_roles";

    private final TenantDirectory directory;
    private volatile java.time.Duration removalDelay = java.time.Duration.ZERO;

    MembersEndpoint(TenantDirectory directory) {
        this.directory = directory;
    }

    /** Checkpoint mode when {@code take} is present, offset mode otherwise. */
    Object list(String orgId, QueryParams query, Set<String> scopes) {
        MemberFields fields = MemberFields.from(query);
        if (fields.includesRoles() && !scopes.contains(ROLES_SCOPE)) {
            throw ErrorAnswer.insufficientScope(ROLES_SCOPE);
        }
        return query.has("take") ? checkpointPage(orgId, query, fields) : offsetPage(orgId, query, fields);
    }

    private Object checkpointPage(String orgId, QueryParams query, MemberFields fields) {
        int take = query.integer("take", 1, 100, 50);
        String from = query.string("from");
        int position = from == null || from.isEmpty() ? 0 : CheckpointCursor.decode(from);
        List<String> ids = organization(orgId).page(position, take);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("members", render(orgId, ids, fields));
        if (!ids.isEmpty()) {
            // Auth0 quirk: a non-empty page always carries "next", even the last one.
            body.put("next", CheckpointCursor.encode(position + ids.size()));
        }
        return body;
    }

    private Object offsetPage(String orgId, QueryParams query, MemberFields fields) {
        int page = query.integer("page", 0, 1000, 0);
        int perPage = query.integer("per_page", 1, 100, 50);
        boolean includeTotals = query.bool("include_totals", false);
        if ((long) page * perPage + perPage > MAX_OFFSET_RECORDS) {
            throw new ErrorAnswer(400, "Requesting page " + page + " exceeds the allowed maximum of 1000 records."
                    + " To fetch results beyond 1000, use the checkpoint pagination method.", "invalid_paging");
        }
        SandboxOrganization org = organization(orgId);
        int start = page * perPage;
        List<Map<String, Object>> members = render(orgId, org.page(start, perPage), fields);
        if (!includeTotals) {
            return members;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("start", start);
        body.put("limit", perPage);
        body.put("total", org.size());
        body.put("members", members);
        return body;
    }

    /** Validates the body, then adds all ids atomically (or nothing when any user is unknown). */
    void add(String orgId, List<String> userIds) {
        SandboxOrganization org = organization(orgId);
        for (String userId : userIds) {
            if (!directory.users().exists(userId)) {
                throw ErrorAnswer.invalidBody("One or more users do not exist.");
            }
        }
        org.applyPost(userIds);
    }

    /**
     * {@code DELETE}: 204 also for ids that are not members (as recorded from Auth0); the members leave the listing
     * after the tenant's removal delay.
     */
    void remove(String orgId, List<String> userIds) {
        if (userIds.size() > MAX_MEMBERS_PER_POST) {
            throw ErrorAnswer.invalidBody("You can remove up to " + MAX_MEMBERS_PER_POST + " members per request.");
        }
        organization(orgId).applyDelete(userIds, System.nanoTime() + removalDelay.toNanos());
        directory.roles().forget(orgId, userIds);
    }

    /** How long removed members stay listed (Auth0: "approximately 5 - 10 seconds"). */
    void removalDelay(java.time.Duration delay) {
        this.removalDelay = delay;
    }

    private SandboxOrganization organization(String orgId) {
        return directory.byId(orgId).orElseThrow(ErrorAnswer::organizationNotFound);
    }

    private List<Map<String, Object>> render(String orgId, List<String> ids, MemberFields fields) {
        List<Map<String, Object>> members = new ArrayList<>(ids.size());
        for (String id : ids) {
            members.add(fields.render(id, () -> directory.roles().ofMember(orgId, id)));
        }
        return members;
    }
}
