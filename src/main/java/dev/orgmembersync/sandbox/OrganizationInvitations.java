package dev.orgmembersync.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET|POST /api/v2/organizations/{id}/invitations} in Auth0's shapes: create answers 201 (Auth0's real status;
 * its docs say 200) with {@code id}, {@code invitee.email}, {@code expires_at}, ...; the listing pages with
 * {@code page} / {@code per_page} (at most 100) through the first 1,000 invitations, newest first, and with
 * {@code include_totals=true} answers {@code {invitations, start, limit}}. Clients named by
 * {@link #refuseOrganizations(String)} get Auth0's 400 "The specified client_id does not allow organizations.".
 */
final class OrganizationInvitations {

    /** Auth0: {@code ttl_sec} 0 means 7 days; at most 30 days. */
    static final long DEFAULT_TTL_SECONDS = Duration.ofDays(7).toSeconds();
    static final long MAX_TTL_SECONDS = Duration.ofDays(30).toSeconds();
    static final int CAP = 1000;
    static final String CLIENT_REFUSED = "The specified client_id does not allow organizations.";

    /** Guarded by {@code this}. */
    private final Map<String, List<SandboxInvitation>> byOrganization = new HashMap<>();
    private final Set<String> refusedClients = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicReference<Runnable> beforeCreatedAnswer = new AtomicReference<>(() -> { });
    private final LongSupplier epochMillis;

    OrganizationInvitations(LongSupplier epochMillis) {
        this.epochMillis = epochMillis;
    }

    void refuseOrganizations(String clientId) {
        refusedClients.add(clientId);
    }

    /** Runs after an invitation is stored and before its 201 is sent (tests kill the caller there). */
    void beforeCreatedAnswer(Runnable hook) {
        beforeCreatedAnswer.set(hook == null ? () -> { } : hook);
    }

    Runnable beforeCreatedAnswer() {
        return beforeCreatedAnswer.get();
    }

    /** Stores an invitation as if created earlier (an expiry in the past makes it expired). */
    SandboxInvitation add(String organizationId, String email, Instant expiresAt) {
        Instant created = expiresAt.minus(Duration.ofDays(7));
        SandboxInvitation stored = new SandboxInvitation(nextId(), organizationId, "seeded-client", "seed", email, null,
                created, expiresAt, false);
        store(stored);
        return stored;
    }

    synchronized List<SandboxInvitation> all(String organizationId) {
        return List.copyOf(byOrganization.getOrDefault(organizationId, List.of()));
    }

    Map<String, Object> create(String organizationId, byte[] body) {
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ErrorAnswer.invalidBody("Invalid request payload JSON format");
        }
        String inviter = text(request.path("inviter").path("name"), "inviter.name");
        String email = text(request.path("invitee").path("email"), "invitee.email");
        String clientId = text(request.path("client_id"), "client_id");
        JsonNode connection = request.path("connection_id");
        String connectionId = connection.isString() ? connection.asString() : null;
        long ttl = request.path("ttl_sec").isMissingNode() ? 0 : request.path("ttl_sec").asLong(-1);
        if (ttl < 0 || ttl > MAX_TTL_SECONDS) {
            throw ErrorAnswer.invalidPayload("Value " + ttl + " is outside 0.." + MAX_TTL_SECONDS, "ttl_sec");
        }
        if (refusedClients.contains(clientId)) {
            throw ErrorAnswer.invalidBody(CLIENT_REFUSED);
        }
        Instant now = Instant.ofEpochMilli(epochMillis.getAsLong());
        JsonNode sendEmail = request.path("send_invitation_email");
        SandboxInvitation stored = new SandboxInvitation(nextId(), organizationId, clientId, inviter, email, connectionId,
                now, now.plusSeconds(ttl == 0 ? DEFAULT_TTL_SECONDS : ttl), !sendEmail.isBoolean() || sendEmail.asBoolean());
        store(stored);
        return shape(stored);
    }

    /** One page, newest first; {@code page * per_page} past the first 1,000 is refused as Auth0 does. */
    Object list(String organizationId, QueryParams query) {
        int perPage = query.integer("per_page", 1, 100, 50);
        int page = query.integer("page", 0, Integer.MAX_VALUE, 0);
        if ((long) page * perPage >= CAP) {
            throw ErrorAnswer.invalidQuery("You can only page through the first " + CAP + " records", "page");
        }
        List<SandboxInvitation> newestFirst = new ArrayList<>(all(organizationId));
        // ids grow with each invitation: they order those created in the same millisecond
        newestFirst.sort(Comparator.comparing(SandboxInvitation::createdAt).thenComparing(SandboxInvitation::id)
                .reversed());
        List<Map<String, Object>> invitations = newestFirst.stream().limit(CAP).skip((long) page * perPage)
                .limit(perPage).map(OrganizationInvitations::shape).toList();
        if (!query.bool("include_totals", false)) {
            return invitations;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("invitations", invitations);
        body.put("start", page * perPage);
        body.put("limit", perPage);
        return body;
    }

    private synchronized void store(SandboxInvitation stored) {
        byOrganization.computeIfAbsent(stored.organizationId(), id -> new ArrayList<>()).add(stored);
    }

    private String nextId() {
        return String.format("uinv_%016d", sequence.incrementAndGet());
    }

    private static String text(JsonNode node, String property) {
        if (!node.isString() || node.asString().isBlank()) {
            throw ErrorAnswer.invalidPayload("Missing required property: " + property, property);
        }
        return node.asString();
    }

    private static Map<String, Object> shape(SandboxInvitation stored) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", stored.id());
        body.put("organization_id", stored.organizationId());
        body.put("inviter", Map.of("name", stored.inviterName()));
        body.put("invitee", Map.of("email", stored.email()));
        body.put("invitation_url", "https://sandbox.example/login?invitation=" + stored.id().substring(5)
                + "&organization=" + stored.organizationId());
        body.put("created_at", stored.createdAt().toString());
        body.put("expires_at", stored.expiresAt().toString());
        body.put("client_id", stored.clientId());
        if (stored.connectionId() != null) {
            body.put("connection_id", stored.connectionId());
        }
        body.put("ticket_id", "tkt_" + stored.id().substring(5));
        return body;
    }
}
