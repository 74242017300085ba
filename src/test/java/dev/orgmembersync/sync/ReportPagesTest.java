package dev.orgmembersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportPagesTest {

    @Test
    void shouldDropUserInfoQueryAndFragmentWhenTheTenantUrlCarriesThem() {
        // given / when
        String shown = ReportPages.withoutCredentials("https://ops:s3cret@tenant.eu.auth0.com:8443/base?token=abc#x");
        // then
        assertThat(shown).isEqualTo("https://tenant.eu.auth0.com:8443/base").doesNotContain("s3cret", "abc");
    }
}
