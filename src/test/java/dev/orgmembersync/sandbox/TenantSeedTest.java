package dev.orgmembersync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantSeedTest {

    @Test
    void sampleSeedLoadsAndStarts() throws Exception {
        TenantSeed seed = TenantSeed.read(Path.of("samples/sandbox-tenant.json"));
        assertThat(seed.clients()).anySatisfy(client -> {
            assertThat(client.clientId()).isEqualTo("sandbox-client");
            assertThat(client.clientSecret()).isEqualTo("sandbox-secret-change-me");
            assertThat(client.scopes()).containsExactlyInAnyOrder("read:organization_members",
                    "create:organization_members", "delete:organization_members", "read:organizations", "read:users",
                    "read:organization_invitations", "create:organization_invitations", "read:roles",
                    "read:organization_member_roles", "create:organization_member_roles",
                    "delete:organization_member_roles");
        });
        // the roles the sample HR export names, and globex's own "admin" beside the tenant's
        assertThat(seed.roles()).extracting(TenantSeed.Role::name).contains("admin", "viewer", "Billing Admin");
        assertThat(seed.roles()).filteredOn(role -> role.name().equals("admin")).extracting(TenantSeed.Role::ownerId)
                .containsExactlyInAnyOrder(null, "org_5GOvOhO924a08wZJ");
        // every seed user with an email, one person (Maria Garcia) with two accounts
        assertThat(seed.accounts()).extracting(TenantSeed.Account::userId).containsAll(seed.users());
        assertThat(seed.accounts()).filteredOn(account -> account.email().equalsIgnoreCase("maria.garcia@acme.com"))
                .hasSize(2);
        assertThat(seed.users()).hasSizeGreaterThanOrEqualTo(40).doesNotHaveDuplicates();
        assertThat(seed.organizations()).extracting(TenantSeed.Organization::id)
                .contains("org_Nuv6WsOjyU53rGyQ", "org_5GOvOhO924a08wZJ", "org_hT7kLm2Qp9RsVw3X");
        try (SandboxTenant tenant = SandboxTenant.start(SandboxSettings.unlimited(), seed)) {
            assertThat(tenant.members("org_Nuv6WsOjyU53rGyQ")).isNotEmpty();
            assertThat(tenant.members("org_hT7kLm2Qp9RsVw3X")).isEmpty();
        }
    }

    @Test
    void membersMustBeUsers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("seed.json");
        Files.writeString(file, """
                {"users":["auth0|1"],"organizations":[{"id":"org_1","name":"one","members":["auth0|2"]}]}""");
        TenantSeed seed = TenantSeed.read(file);
        assertThatThrownBy(() -> SandboxTenant.start(SandboxSettings.unlimited(), seed))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth0|2");
    }

    @Test
    void syntheticIdsAreDeterministic() throws Exception {
        assertThat(SyntheticIds.userId(1)).isEqualTo("auth0|gen00000001");
        assertThat(SyntheticIds.organizationId(2000)).isEqualTo("org_gen00002000");
        assertThat(SyntheticIds.organizationName(2000)).isEqualTo("gen-org-00002000");
        SandboxCommandLine commandLine = new SandboxCommandLine("--port=0", "--generate-orgs=3",
                "--generate-users=1000000", "--writes-per-minute=200", "--latency-ms=5");
        assertThat(commandLine.settings().writes()).isEqualTo(BucketLimit.perMinute(200, 20));
        try (SandboxTenant tenant = SandboxTenant.start(commandLine.settings(), commandLine.seed())) {
            assertThat(tenant.members("org_gen00000003")).isEmpty();
            tenant.addOrganization("org_check", "check", java.util.List.of());
        }
        assertThatThrownBy(() -> new SandboxCommandLine("--nope=1")).isInstanceOf(IllegalArgumentException.class);
    }
}
