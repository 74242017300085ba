package dev.orgmembersync.sandbox;

import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Checks Private Key JWT client assertions as Auth0 does: the signature against the client's registered public key
 * and algorithm, {@code iss} = {@code sub} = the client id, {@code aud} = the tenant URL with a trailing slash,
 * {@code exp} in the future and at most 5 minutes away, and a {@code jti} never seen before.
 */
final class ClientAssertions {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final long MAX_LIFETIME_SECONDS = 300;

    private record Credential(RSAPublicKey key, JWSAlgorithm algorithm) {
    }

    private final Map<String, Credential> credentials = new ConcurrentHashMap<>();
    private final Set<String> audiences = new CopyOnWriteArraySet<>();
    /** jti to its exp (epoch seconds): a jti is refused again until its assertion has expired anyway. */
    private final Map<String, Long> seenJti = new ConcurrentHashMap<>();
    private final LongSupplier epochMillis;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder reusedJti = new LongAdder();

    ClientAssertions(LongSupplier epochMillis) {
        this.epochMillis = epochMillis;
    }

    void trust(String clientId, RSAPublicKey key, String algorithm) {
        credentials.put(clientId, new Credential(key, JWSAlgorithm.parse(algorithm)));
    }

    /** A URL the tenant answers at (its own, or a custom domain in front of it): {@code aud} may name it. */
    void answerAt(String tenantUrl) {
        audiences.add(tenantUrl.endsWith("/") ? tenantUrl : tenantUrl + "/");
    }

    /** Empty when the assertion authenticates {@code clientId}; else the {@code error_description}. */
    Optional<String> refusal(String clientId, String assertion) {
        Optional<String> refusal = check(clientId, assertion);
        (refusal.isPresent() ? refused : accepted).increment();
        return refusal;
    }

    ClientAssertionStats stats() {
        return new ClientAssertionStats(accepted.sum(), refused.sum(), reusedJti.sum());
    }

    private Optional<String> check(String clientId, String assertion) {
        Credential credential = clientId == null ? null : credentials.get(clientId);
        if (credential == null) {
            return Optional.of("The client has no public key credential");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        }
        catch (ParseException ex) {
            return Optional.of("Invalid client assertion: not a signed JWT");
        }
        if (!credential.algorithm().equals(jwt.getHeader().getAlgorithm())) {
            return Optional.of("Invalid client assertion: alg " + jwt.getHeader().getAlgorithm()
                    + " does not match the credential's " + credential.algorithm());
        }
        try {
            if (!jwt.verify(new RSASSAVerifier(credential.key()))) {
                return Optional.of("Invalid client assertion signature");
            }
        }
        catch (JOSEException ex) {
            return Optional.of("Invalid client assertion signature");
        }
        return checkClaims(clientId, claims);
    }

    private Optional<String> checkClaims(String clientId, JWTClaimsSet claims) {
        if (!clientId.equals(claims.getIssuer()) || !clientId.equals(claims.getSubject())) {
            return Optional.of("Invalid client assertion: iss and sub must be the client id");
        }
        List<String> audience = claims.getAudience();
        if (audience.size() != 1 || !audiences.contains(audience.get(0))) {
            return Optional.of("Invalid client assertion: aud must be the tenant URL " + audiences);
        }
        long now = epochMillis.getAsLong() / 1000;
        Date expires = claims.getExpirationTime();
        if (expires == null || expires.getTime() / 1000 <= now) {
            return Optional.of("Invalid client assertion: expired or no exp");
        }
        long issued = claims.getIssueTime() != null ? claims.getIssueTime().getTime() / 1000 : now;
        if (expires.getTime() / 1000 - issued > MAX_LIFETIME_SECONDS) {
            return Optional.of("Invalid client assertion: lifetime over 5 minutes");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank()) {
            return Optional.of("Invalid client assertion: no jti");
        }
        seenJti.values().removeIf(exp -> exp < now);
        if (seenJti.putIfAbsent(jti, expires.getTime() / 1000) != null) {
            reusedJti.increment();
            return Optional.of("Invalid client assertion: jti already used");
        }
        return Optional.empty();
    }
}
