package dev.orgmembersync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Environment variables that look like ours but set nothing are named, with the one that was meant. */
class OptionCatalogTest {

    private final OptionCatalog catalog = OptionCatalog.load();

    @Test
    void shouldSuggestTheOptionWhenAVariableWithOurPrefixSetsNothing() {
        // given
        Map<String, String> environment = Map.of("SYNC_DRYRN", "true", "AUTH0_CLIENT_SECRT", "s3cr3t-value",
                "SYNC_CONCURENCY", "8");
        // when
        var warnings = catalog.unknownEnvironmentVariables(environment);
        // then
        assertThat(warnings).containsExactly(
                "environment variable AUTH0_CLIENT_SECRT sets no option; did you mean AUTH0_CLIENT_SECRET? (see --help)",
                "environment variable SYNC_CONCURENCY sets no option; did you mean SYNC_CONCURRENCY? (see --help)",
                "environment variable SYNC_DRYRN sets no option; did you mean SYNC_DRY_RUN? (see --help)");
        assertThat(String.join("\n", warnings)).doesNotContain("s3cr3t-value");
    }

    @Test
    void shouldStayQuietWhenEveryVariableSetsAnOption() {
        // given the README's spellings, Spring's own (no dashes), the sandbox flags, and other programs' variables
        Map<String, String> environment = Map.ofEntries(Map.entry("SYNC_INPUT", "members.csv"),
                Map.entry("SYNC_RATE_LIMIT_WRITES_PER_MINUTE", "100"), Map.entry("SYNC_RATELIMIT_WRITES_PERMINUTE", "100"),
                Map.entry("AUTH0_CLIENT_SECRET", "x"), Map.entry("AUTH0_CLIENT_ID", "x"), Map.entry("AUTH0_CLIENTID", "x"),
                Map.entry("SYNC_DRY_RUN", "true"), Map.entry("SYNC_DRYRUN", "true"), Map.entry("SYNC_SANDBOX", "true"),
                Map.entry("SYNC_SANDBOX_SEED", "seed.json"), Map.entry("SYNC_VERIFY_RECHECK_DELAY", "1s"),
                Map.entry("AUTH0_DOMAIN", "acme.us.auth0.com"), Map.entry("SPRING_DATASOURCE_URL", "jdbc:h2:mem:x"),
                Map.entry("PATH", "/usr/bin"), Map.entry("SYNCTHING_HOME", "/srv"));
        // when / then
        assertThat(catalog.unknownEnvironmentVariables(environment)).isEmpty();
    }
}
