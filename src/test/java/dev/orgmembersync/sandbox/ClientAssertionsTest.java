package dev.orgmembersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.interfaces.RSAPrivateKey;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orgmembersync.TestKeys;

/** The sandbox checks client assertions the way Auth0 documents: signature, alg, iss, sub, aud, exp, jti once. */
class ClientAssertionsTest {

    private static final String CLIENT = "m2m-client";
    private static final String TENANT = "http://127.0.0.1:8089";
    private static final long NOW_MILLIS = 1_800_000_000_000L;

    private final ClientAssertions assertions = new ClientAssertions(() -> NOW_MILLIS);

    @BeforeEach
    void trustTheClientKey() {
        assertions.trust(CLIENT, TestKeys.clientPublicKey(), "RS256");
        assertions.answerAt(TENANT);
    }

    private static String assertion(JWSAlgorithm algorithm, RSAPrivateKey key, UnaryOperator<JWTClaimsSet.Builder> change)
            throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(CLIENT).subject(CLIENT).audience(TENANT + "/")
                .jwtID(UUID.randomUUID().toString()).issueTime(new Date(NOW_MILLIS))
                .expirationTime(new Date(NOW_MILLIS + 60_000));
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), change.apply(claims).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String assertion(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        return assertion(JWSAlgorithm.RS256, TestKeys.privateKey(TestKeys.CLIENT_PKCS8), change);
    }

    @Test
    void shouldAcceptAnAssertionWhenEveryClaimIsRight() throws Exception {
        assertThat(assertions.refusal(CLIENT, assertion(claims -> claims))).isEmpty();
        assertThat(assertions.stats()).isEqualTo(new ClientAssertionStats(1, 0, 0));
    }

    @Test
    void shouldRefuseWhenSignedWithAnotherKey() throws Exception {
        String foreign = assertion(JWSAlgorithm.RS256, TestKeys.privateKey(TestKeys.OTHER_PKCS8), claims -> claims);
        assertThat(assertions.refusal(CLIENT, foreign)).hasValue("Invalid client assertion signature");
    }

    @Test
    void shouldRefuseWhenTheAlgorithmIsNotTheCredentials() throws Exception {
        String ps256 = assertion(JWSAlgorithm.PS256, TestKeys.privateKey(TestKeys.CLIENT_PKCS8), claims -> claims);
        assertThat(assertions.refusal(CLIENT, ps256)).get().asString().contains("alg PS256");
    }

    @Test
    void shouldRefuseWhenIssuerOrSubjectIsNotTheClient() throws Exception {
        assertThat(assertions.refusal(CLIENT, assertion(claims -> claims.issuer("someone")))).isPresent();
        assertThat(assertions.refusal(CLIENT, assertion(claims -> claims.subject("someone")))).isPresent();
        assertThat(assertions.refusal("other-client", assertion(claims -> claims))).isPresent();
    }

    @Test
    void shouldRefuseWhenTheAudienceIsNotTheTenantUrl() throws Exception {
        assertThat(assertions.refusal(CLIENT, assertion(claims -> claims.audience(TENANT + "/api/v2/")))).isPresent();
        assertThat(assertions.refusal(CLIENT, assertion(claims -> claims.audience(TENANT)))).isPresent();
    }

    @Test
    void shouldRefuseWhenExpiredOrLivingLongerThanFiveMinutes() throws Exception {
        assertThat(assertions.refusal(CLIENT, assertion(claims -> claims.expirationTime(new Date(NOW_MILLIS - 1000)))))
                .get().asString().contains("expired");
        assertThat(assertions.refusal(CLIENT, assertion(claims -> claims.expirationTime(new Date(NOW_MILLIS + 301_000)))))
                .get().asString().contains("5 minutes");
        assertThat(assertions.refusal(CLIENT, assertion(claims -> claims.expirationTime(null)))).isPresent();
    }

    @Test
    void shouldRefuseAReusedJti() throws Exception {
        // given an assertion that was accepted once
        String once = assertion(claims -> claims);
        assertThat(assertions.refusal(CLIENT, once)).isEmpty();
        // when it comes again
        // then
        assertThat(assertions.refusal(CLIENT, once)).hasValue("Invalid client assertion: jti already used");
        assertThat(assertions.stats()).isEqualTo(new ClientAssertionStats(1, 1, 1));
    }

    @Test
    void shouldRefuseWhatIsNotASignedJwt() {
        assertThat(assertions.refusal(CLIENT, "not-a-jwt")).isPresent();
    }
}
