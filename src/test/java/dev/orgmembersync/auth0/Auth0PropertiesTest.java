package dev.orgmembersync.auth0;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The tenant key that learned paces are kept under. */
class Auth0PropertiesTest {

    private static Auth0Properties of(String domain, URI baseUrl, String audience) {
        return new Auth0Properties(domain, baseUrl, "tok", null, null, audience, null, null, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Auth0TestClients.NO_ASSERTION);
    }

    @Test
    void shouldKeyPacesByTheCanonicalTenantWhenCallsGoThroughACustomDomain() {
        // given calls through login.acme.com and the canonical audience, as the README asks for a custom domain
        Auth0Properties custom = of("login.acme.com", null, "https://acme.us.auth0.com/api/v2/");
        Auth0Properties canonical = of("acme.us.auth0.com", null, null);
        // then both share one key
        assertThat(custom.tenantKey()).isEqualTo("acme.us.auth0.com").isEqualTo(canonical.tenantKey());
    }

    @Test
    void shouldKeyASandboxByItsHostAndPort() {
        assertThat(of(null, URI.create("http://127.0.0.1:8089"), null).tenantKey()).isEqualTo("127.0.0.1:8089");
    }
}
