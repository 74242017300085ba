package dev.orgmembersync.auth0;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the tenant is and how to authenticate (prefix {@code auth0}, so the environment variables are
 * Auth0's conventional {@code AUTH0_DOMAIN}, {@code AUTH0_CLIENT_ID}, {@code AUTH0_CLIENT_SECRET}).
 *
 * @param domain tenant domain, e.g. {@code acme.us.auth0.com}; the base URL is {@code https://{domain}}
 * @param baseUrl optional override of the base URL (sandbox, tests, proxies)
 * @param token a ready Management API access token (instead of client credentials)
 * @param clientId client-credentials grant: the machine-to-machine application's id
 * @param clientSecret client-credentials grant: its secret (never logged)
 * @param audience token audience; defaults to {@code https://{domain}/api/v2/}
 * @param trustStore optional PKCS12/JKS trust store for a tenant or proxy with a private CA
 * @param trustStorePassword its password (never logged)
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout time allowed for one response
 * @param clientAssertion client-credentials grant with Private Key JWT instead of a client secret
 */
@Validated
@ConfigurationProperties("auth0")
public record Auth0Properties(
        String domain,
        URI baseUrl,
        String token,
        String clientId,
        String clientSecret,
        String audience,
        Path trustStore,
        String trustStorePassword,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue ClientAssertion clientAssertion) {

    /**
     * Private Key JWT: each token request carries a fresh assertion signed with this key instead of a client secret.
     *
     * @param key the RSA private key, PKCS#8 or PKCS#1 PEM: a file path, or the PEM text itself (a configtree file
     *     named auth0.client-assertion.key holds the text); never logged
     * @param algorithm the algorithm of the application's credential in Auth0: RS256, RS384 or PS256
     * @param keyId optional kid header of the assertion: the credential's id in Auth0
     */
    public record ClientAssertion(String key, @DefaultValue("RS256") String algorithm, String keyId) {

        /** Whether a key is configured. */
        public boolean configured() {
            return key != null && !key.isBlank();
        }
    }

    /** The API's base URL, from {@code base-url} or else {@code domain}; never ends with a slash. */
    public URI apiBase() {
        if (baseUrl != null) {
            String url = baseUrl.toString();
            return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        }
        return URI.create("https://" + domain);
    }

    /**
     * The {@code aud} of a client assertion: the tenant URL with a trailing slash, from {@code domain}, else
     * from {@code base-url} (the sandbox).
     */
    String assertionAudience() {
        return domain != null && !domain.isBlank() ? "https://" + domain + "/" : apiBase() + "/";
    }

    /** The audience to ask tokens for. */
    public String effectiveAudience() {
        if (audience != null && !audience.isBlank()) {
            return audience;
        }
        return domain != null && !domain.isBlank() ? "https://" + domain + "/api/v2/" : apiBase() + "/api/v2/";
    }

    /**
     * The tenant, as the key its learned rate-limit paces are kept under: the host of the token audience, which
     * stays the canonical {@code tenant.region.auth0.com} when calls go through a custom domain (or a proxy).
     */
    public String tenantKey() {
        URI audienceUri = URI.create(effectiveAudience());
        return audienceUri.getAuthority() != null ? audienceUri.getAuthority() : apiBase().getAuthority();
    }

    boolean usesClientCredentials() {
        return (token == null || token.isBlank()) && clientId != null && !clientId.isBlank();
    }

    /** Masks the secrets: records print every component otherwise. */
    @Override
    public String toString() {
        return "Auth0Properties[domain=" + domain + ", baseUrl=" + baseUrl + ", clientId=" + clientId
                + ", token=" + mask(token) + ", clientSecret=" + mask(clientSecret) + ", audience=" + audience
                + ", trustStore=" + trustStore + ", clientAssertion="
                + (clientAssertion != null && clientAssertion.configured() ? ClientAssertionKey.describe(clientAssertion.key())
                        : "(none)") + "]";
    }

    private static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "(none)" : "****";
    }
}
