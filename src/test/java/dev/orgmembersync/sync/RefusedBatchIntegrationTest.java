package dev.orgmembersync.sync;

import static dev.orgmembersync.SyncRunFixture.ACME;
import static dev.orgmembersync.SyncRunFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.SandboxStats;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A batch Auth0 refuses because some of its users do not exist costs one more member write: the job finds the unknown
 * ids with a user search and lookups by id (outside the member-write bucket), against the sandbox on loopback.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusedBatchIntegrationTest {

    private static final String NOBODY = "auth0|nobody";

    @TempDir
    Path dir;

    @AutoClose
    private SyncRunFixture fixture;

    /** Ten rows for ACME, the sixth (line 7) an id the tenant does not know. */
    private Path batchOfTenWithOneUnknown() {
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            rows.add(ACME + "," + (i == 6 ? NOBODY : user(i)));
        }
        return fixture.csv("one-unknown.csv", rows);
    }

    @Test
    void shouldCostTwoMemberWritesInAllWhenBatchOfTenHasOneUnknownUser() {
        // given
        fixture = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(20, 0));
        // when
        int exit = fixture.run(batchOfTenWithOneUnknown());
        // then the refused POST, one search, one lookup (404) and one resend of the nine
        assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
        SandboxStats stats = fixture.sandbox().stats();
        assertThat(stats.membersPostRequests()).isEqualTo(2);
        assertThat(stats.userSearchRequests()).isEqualTo(1);
        assertThat(stats.userGetRequests()).isEqualTo(1);
        Map<String, String[]> byUser = fixture.reportBy(row -> row[2]);
        assertThat(byUser.get(NOBODY)[3]).isEqualTo("UNKNOWN_USER");
        assertThat(byUser.get(NOBODY)[4]).contains("One or more users do not exist").contains("404");
        assertThat(fixture.countStatus("ADDED")).isEqualTo(9);
        assertThat(fixture.sandbox().members(ACME)).hasSize(9).doesNotContain(NOBODY);
    }

    @Test
    void shouldStillAddExistingUserWhomSearchDoesNotListYet() {
        // given user 3 exists, but Auth0's eventually consistent search does not list it yet
        fixture = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(20, 0));
        fixture.sandbox().lagSearch(List.of(user(3)));
        // when
        int exit = fixture.run(batchOfTenWithOneUnknown());
        // then its lookup by id answers 200, so it is resent with the other eight
        assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
        SandboxStats stats = fixture.sandbox().stats();
        assertThat(stats.userGetRequests()).isEqualTo(2);
        assertThat(stats.membersPostRequests()).isEqualTo(2);
        assertThat(fixture.sandbox().members(ACME)).hasSize(9).contains(user(3));
        assertThat(fixture.reportBy(row -> row[2]).get(user(3))[3]).isEqualTo("ADDED");
        assertThat(fixture.reportBy(row -> row[2]).get(NOBODY)[3]).isEqualTo("UNKNOWN_USER");
    }

    @Test
    void shouldHalveBatchWhenTokenLacksReadUsers(CapturedOutput output) {
        // given a client without read:users
        fixture = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(20, 0),
                "read:organization_members", "create:organization_members", "read:organizations");
        // when
        int exit = fixture.run(batchOfTenWithOneUnknown());
        // then the search is refused (403) and the batch is halved until the unknown id stands alone
        assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
        SandboxStats stats = fixture.sandbox().stats();
        assertThat(stats.userSearchRequests()).isEqualTo(1);
        assertThat(stats.membersPostRequests()).isGreaterThan(2);
        assertThat(fixture.countStatus("ADDED")).isEqualTo(9);
        assertThat(fixture.reportBy(row -> row[2]).get(NOBODY)[3]).isEqualTo("UNKNOWN_USER");
        assertThat(output).contains("refused batches are halved instead");
    }

    @Test
    void shouldHalveSmallBatchWithoutLookupsWhenTenantHasOneGlobalBucket() {
        // given a free tenant's one global bucket (2 calls/s, below member writes' 200/min) and a batch of two
        fixture = new SyncRunFixture(dir, SandboxSettings.unlimited(), SyncRunFixture.seed(20, 0));
        Path input = fixture.csv("two.csv", List.of(ACME + "," + user(1), ACME + "," + NOBODY));
        // when
        int exit = fixture.run(input, "--sync.rate-limit.tenant.per-second=2");
        // then sending each id alone (2 calls) beats a search, a lookup and a resend (3)
        assertThat(exit).isEqualTo(ExitCodes.REJECTIONS);
        SandboxStats stats = fixture.sandbox().stats();
        assertThat(stats.userSearchRequests()).isZero();
        assertThat(stats.membersPostRequests()).isEqualTo(3);
        assertThat(fixture.sandbox().members(ACME)).containsExactly(user(1));
    }
}
