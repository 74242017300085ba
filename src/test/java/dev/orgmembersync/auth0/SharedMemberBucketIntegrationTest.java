package dev.orgmembersync.auth0;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.orgmembersync.sandbox.BucketLimit;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.SandboxTenant;
import dev.orgmembersync.sandbox.TenantSeed;

/**
 * The job runs member reads and writes side by side only where they are separate buckets: it tells from the size
 * Auth0's member-read answers report (x-ratelimit-limit), since a free tenant reports its one tenant-wide bucket.
 */
class SharedMemberBucketIntegrationTest {

    private static final String ORG = "org_shared00000001";

    @AutoClose
    private SandboxTenant tenant;

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "free tenant: 2 a second in all, 2, true", "Auth0's documented member-read bucket, 40, false",
            "the documented bucket's second row, 20, false" })
    void shouldTellWhetherMemberReadsAndWritesShareOneBucket(String tenantKind, int reportedSize, boolean shared)
            throws Exception {
        // given a tenant whose member reads answer with a bucket of the given size
        SandboxSettings settings = reportedSize == 2
                ? SandboxSettings.unlimited().withTenant(BucketLimit.perSecond(2, 2))
                : SandboxSettings.unlimited().withReads(BucketLimit.perMinute(500, reportedSize));
        tenant = SandboxTenant.start(settings, TenantSeed.empty().withStaticToken("tok", "read:organization_members")
                .withUsers(List.of("auth0|a")).withOrganization(ORG, "shared", List.of("auth0|a")));
        Auth0TestClients.Client client = Auth0TestClients.client(
                Auth0TestClients.staticToken(tenant.baseUrl(), "tok"), Auth0TestClients.defaults(),
                Auth0TestClients.retry(3, Duration.ofSeconds(5)));
        Paces paces = new Paces(Auth0TestClients.defaults(), client.pacer());
        assertThat(paces.membersShareOneBucket()).as("before any answer").isFalse();
        // when the members are listed once
        new MemberPager(client.api()).forEachPage(ORG, page -> { });
        // then
        assertThat(paces.reportedLimit(Bucket.MEMBER_READS)).hasValue(reportedSize);
        assertThat(paces.membersShareOneBucket()).isEqualTo(shared);
    }
}
