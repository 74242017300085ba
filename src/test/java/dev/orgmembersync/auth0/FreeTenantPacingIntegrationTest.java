package dev.orgmembersync.auth0;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import dev.orgmembersync.sandbox.BucketLimit;
import dev.orgmembersync.sandbox.Faults;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.SandboxTenant;
import dev.orgmembersync.sandbox.TenantSeed;

/**
 * A free tenant allows 2 Management API calls a second in all, far below the member-write bucket the client assumes
 * when given no rate option (Auth0's documented 200/min, burst 20). Each bucket starts with one call in flight until
 * Auth0's headers say what it holds, so many threads that start together do not meet a wall of 429s.
 */
class FreeTenantPacingIntegrationTest {

    private static final String ORG = "org_free0000000001";

    @AutoClose
    private SandboxTenant tenant;

    @Test
    void shouldProbeOneCallAtATimeUntilTheHeadersTellWhatTheTenantHolds() throws Exception {
        // given a tenant of 1 call a second in all (burst 1) that answers after 1 s, and a client with Auth0's documented
        // defaults (a write every 300 ms): three more writes would leave before the first answer tells what remains
        List<String> users = IntStream.rangeClosed(1, 60).mapToObj(i -> "auth0|free" + i).toList();
        tenant = SandboxTenant.start(SandboxSettings.unlimited().withTenant(BucketLimit.perSecond(1, 1))
                        .withFaults(Faults.none().withLatency(Duration.ofSeconds(1))),
                TenantSeed.empty().withStaticToken("tok", "create:organization_members")
                        .withUsers(users).withOrganization(ORG, "free", List.of()));
        Auth0TestClients.Client client = Auth0TestClients.client(
                Auth0TestClients.staticToken(tenant.baseUrl(), "tok"), Auth0TestClients.defaults(),
                Auth0TestClients.retry(3, Duration.ofSeconds(5)));
        // when 6 threads add 6 batches of ten at once
        List<AddOutcome> outcomes = PacerIntegrationTest.inParallel(6, 6,
                () -> client.api().addMembers(ORG, users.subList(0, 10)));
        // then all are added and the tenant refused none (with a full bucket allowed in flight at first: 3 refused)
        assertThat(outcomes).allMatch(AddOutcome.Added.class::isInstance);
        System.out.printf("[measured] 6 parallel writes on a 1/s tenant: %d answered 429%n",
                tenant.stats().tooManyRequests());
        assertThat(tenant.stats().tooManyRequests()).isZero();
    }
}
