package dev.orgmembersync.auth0;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * The organization invitation calls, paced in their own bucket like every call of {@link ManagementApi}; creating one
 * is sent once (see {@link #invite}).
 */
public class InvitationApi {

    /** Auth0's most invitations per page. */
    public static final int INVITATIONS_PER_PAGE = 100;

    private final ManagementApi api;

    public InvitationApi(ManagementApi api) {
        this.api = api;
    }

    /**
     * One page of {@code GET /api/v2/organizations/{id}/invitations} ({@code page}, {@code per_page=100},
     * {@code include_totals=true}: Auth0 answers {@code {invitations, start, limit}}; a bare array is read too). A 400
     * on a page past the first 1,000 records is Auth0's paging cap, not an error.
     *
     * @return the page, or empty when the organization does not exist (404)
     */
    public Optional<InvitationsPage> invitationsPage(String organizationId, int page) {
        ApiResponse response = api.send(Bucket.INVITATIONS, invitationsPath(organizationId) + "?page=" + page
                + "&per_page=" + INVITATIONS_PER_PAGE + "&include_totals=true", "GET", null);
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (response.status() == 400 && page > 0) {
            return Optional.of(new InvitationsPage(List.of(), true));
        }
        api.requireSuccess(response, "list the invitations of " + organizationId);
        JsonNode root = api.json.readTree(response.body());
        JsonNode listed = root.isArray() ? root : root.path("invitations");
        List<Invitation> invitations = new ArrayList<>(listed.size());
        for (JsonNode invitation : listed) {
            invitations.add(invitation(invitation));
        }
        return Optional.of(new InvitationsPage(invitations, false));
    }

    /**
     * {@code POST /api/v2/organizations/{id}/invitations}, sent once: a 5xx or a network fault is {@link
     * InvitationOutcome.Unclear} (it may have been created), never re-sent here. Auth0 answers 201 although its
     * documentation says 200: both are success.
     */
    public InvitationOutcome invite(String organizationId, InvitationRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("inviter", Map.of("name", request.inviterName()));
        body.put("invitee", Map.of("email", request.email()));
        body.put("client_id", request.clientId());
        if (request.connectionId() != null) {
            body.put("connection_id", request.connectionId());
        }
        body.put("ttl_sec", request.ttlSeconds());
        body.put("send_invitation_email", request.sendEmail());
        ApiResponse response;
        try {
            response = api.send(Bucket.INVITATIONS, invitationsPath(organizationId), "POST", api.json.writeValueAsString(body),
                    false);
        }
        catch (TenantUnavailableException ex) {
            return new InvitationOutcome.Unclear(ex.getMessage());
        }
        if (response.isSuccess()) {
            return new InvitationOutcome.Created(invitation(api.json.readTree(response.body())));
        }
        String reason = ApiError.parse(api.json, response).describe();
        if (response.isThrottled() || response.isTransient()) {
            return new InvitationOutcome.Unclear(reason);
        }
        return new InvitationOutcome.Refused(response.status(), reason);
    }

    private static Invitation invitation(JsonNode node) {
        String expires = node.path("expires_at").asString(null);
        Instant expiresAt = null;
        if (expires != null) {
            try {
                expiresAt = Instant.parse(expires);
            }
            catch (DateTimeParseException ex) {
                // an expiry we cannot read is treated as none: the invitation counts as valid (never sent twice)
            }
        }
        return new Invitation(node.path("id").asString(""), node.path("invitee").path("email").asString(""), expiresAt);
    }

    private static String invitationsPath(String organizationId) {
        return "/api/v2/organizations/" + ManagementApi.encodePath(organizationId) + "/invitations";
    }
}
