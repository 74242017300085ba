package dev.orgmembersync.auth0;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs a Private Key JWT client assertion (RFC 7523) for each token request: {@code iss} = {@code sub} = the
 * client id, {@code aud} = the tenant URL, a new {@code jti} each time (Auth0 refuses a reused one) and a
 * 60-second lifetime (Auth0 accepts at most 5 minutes and recommends 1).
 */
final class ClientAssertionSigner {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Duration LIFETIME = Duration.ofSeconds(60);

    private final String keySetting;
    private final JWSAlgorithm algorithm;
    private final String keyId;
    private final String clientId;
    private final String audience;
    private final Clock clock;

    ClientAssertionSigner(Auth0Properties properties, Clock clock) {
        Auth0Properties.ClientAssertion assertion = properties.clientAssertion();
        this.keySetting = assertion.key();
        this.algorithm = JWSAlgorithm.parse(assertion.algorithm());
        this.keyId = assertion.keyId() == null || assertion.keyId().isBlank() ? null : assertion.keyId();
        this.clientId = properties.clientId();
        this.audience = properties.assertionAudience();
        this.clock = clock;
    }

    /** A new signed assertion. The key is read each time, so a rotated key file is picked up mid-run. */
    String sign() {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(audience)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(keyId).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(ClientAssertionKey.read(keySetting)));
        }
        catch (JOSEException ex) {
            throw new Auth0AccessException("could not sign the client assertion with " + algorithm + ": " + ex.getMessage());
        }
        return jwt.serialize();
    }
}
