package dev.orgmembersync.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Client-credentials clients, issued opaque access tokens (with expiry) and static tokens. */
final class AccessTokens {

    /** A token granted to a client. */
    record Issued(String accessToken, long expiresInSeconds, Set<String> scopes) {
    }

    private record Grant(Set<String> scopes, long expiresAtNanos) {
    }

    private final Map<String, TenantSeed.Client> clients = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> staticTokens = new ConcurrentHashMap<>();
    private final Map<String, Grant> issued = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration lifetime;
    private final LongSupplier nanoTime;

    AccessTokens(TenantSeed seed, Duration lifetime, LongSupplier nanoTime) {
        this.lifetime = lifetime;
        this.nanoTime = nanoTime;
        seed.clients().forEach(client -> clients.put(client.clientId(), client));
        seed.tokens().forEach(token -> staticTokens.put(token.token(), Set.copyOf(token.scopes())));
    }

    /**
     * Issues a token when the client exists and the secret matches. {@code requestedScope} (space separated, may be
     * null or blank) narrows the granted scopes to the ones the client has.
     */
    Optional<Issued> issue(String clientId, String clientSecret, String requestedScope) {
        TenantSeed.Client client = clientId == null ? null : clients.get(clientId);
        if (client == null || clientSecret == null || !sameSecret(client.clientSecret(), clientSecret)) {
            return Optional.empty();
        }
        return Optional.of(grant(client, requestedScope));
    }

    /** Issues a token to a client that authenticated otherwise (a client assertion); empty for an unknown client. */
    Optional<Issued> issueAuthenticated(String clientId, String requestedScope) {
        return Optional.ofNullable(clientId == null ? null : clients.get(clientId))
                .map(client -> grant(client, requestedScope));
    }

    private Issued grant(TenantSeed.Client client, String requestedScope) {
        Set<String> scopes = new LinkedHashSet<>(client.scopes());
        if (requestedScope != null && !requestedScope.isBlank()) {
            scopes.retainAll(List.of(requestedScope.trim().split("\\s+")));
        }
        long now = nanoTime.getAsLong();
        issued.values().removeIf(grant -> grant.expiresAtNanos() - now <= 0);
        String token = newToken();
        issued.put(token, new Grant(Set.copyOf(scopes), now + lifetime.toNanos()));
        return new Issued(token, lifetime.toSeconds(), scopes);
    }

    /** Scopes of a valid token; empty when the token is unknown, expired or revoked. */
    Optional<Set<String>> scopesOf(String token) {
        Set<String> fixed = staticTokens.get(token);
        if (fixed != null) {
            return Optional.of(fixed);
        }
        Grant grant = issued.get(token);
        if (grant == null || grant.expiresAtNanos() - nanoTime.getAsLong() <= 0) {
            return Optional.empty();
        }
        return Optional.of(grant.scopes());
    }

    /** Invalidates every issued token (static tokens stay valid). */
    void revokeAll() {
        issued.clear();
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean sameSecret(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }
}
