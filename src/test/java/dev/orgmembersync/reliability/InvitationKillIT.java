package dev.orgmembersync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import dev.orgmembersync.sandbox.SandboxInvitation;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.SandboxTenant;
import dev.orgmembersync.sandbox.TenantSeed;

/**
 * SIGKILLs the real jar between Auth0 applying an invitation POST and the job hearing of it (the sandbox kills the
 * job's process after storing the invitation and before sending its 201), then runs the same command again: the
 * invitation is found in the organization's listing and not sent a second time.
 */
class InvitationKillIT {

    private static final String ACME = "org_AcmeKill00000001";
    private static final List<String> EMAILS = List.of("ann@example.com", "ben@example.com", "cat@example.com");

    @AutoClose("destroyAll")
    private final ChildProcesses jobs = new ChildProcesses();

    @Test
    void shouldNotInviteTwiceWhenKilledRightAfterThePost() throws IOException {
        // given
        Path dir = ChildProcesses.workDir("InvitationKillIT");
        Path input = Files.writeString(dir.resolve("hr.csv"), "organization_name,email\n"
                + String.join("\n", EMAILS.stream().map(email -> "acme," + email).toList()) + "\n");
        TenantSeed seed = TenantSeed.empty().withClient(SandboxProcess.CLIENT_ID, SandboxProcess.CLIENT_SECRET,
                "read:organization_members", "create:organization_members", "read:organizations", "read:users",
                "read:organization_invitations", "create:organization_invitations")
                .withOrganization(ACME, "acme", List.of());
        try (SandboxTenant sandbox = SandboxTenant.start(SandboxSettings.unlimited(), seed)) {
            JobProcess job = new JobProcess(jobs, dir, sandbox.baseUrl().toString(), JobDatabase.h2File(dir.resolve("db")),
                    dir.resolve("report"));
            String[] options = { "--sync.invite.enabled=true", "--sync.invite.client-id=app_Portal",
                    "--sync.invite.inviter-name=Acme HR" };
            AtomicReference<ChildProcess> running = new AtomicReference<>();
            AtomicInteger kills = new AtomicInteger();
            sandbox.beforeInvitationAnswer(() -> {
                if (kills.getAndIncrement() == 0) {
                    running.get().kill();
                }
            });

            // when: the first run dies as its first invitation is created
            ChildProcess first = job.start("first", input, options);
            running.set(first);
            int firstExit = first.awaitExit(Duration.ofMinutes(3));
            List<SandboxInvitation> afterKill = sandbox.invitations(ACME);
            long listingsBefore = sandbox.stats().invitationsGetRequests();
            sandbox.beforeInvitationAnswer(null);
            ChildProcess second = job.start("second", input, options);
            int secondExit = second.awaitExit(Duration.ofMinutes(3));

            // then
            assertThat(firstExit).as(first.describe()).isEqualTo(137);
            assertThat(afterKill).hasSize(1);
            assertThat(secondExit).as(second.describe()).isZero();
            List<SandboxInvitation> invitations = sandbox.invitations(ACME);
            assertThat(invitations).extracting(SandboxInvitation::email).containsExactlyInAnyOrderElementsOf(EMAILS);
            assertThat(sandbox.stats().invitationsPostRequests()).isEqualTo(EMAILS.size());
            assertThat(sandbox.stats().invitationsGetRequests()).isGreaterThan(listingsBefore);
            Map<String, String[]> report = Reports.reconciliation(dir.resolve("report")).stream()
                    .collect(Collectors.toMap(row -> row[0], row -> row));
            String killedLine = Integer.toString(EMAILS.indexOf(afterKill.get(0).email()) + 2);
            assertThat(report.get(killedLine)[3]).isEqualTo("INVITED");
            assertThat(report.get(killedLine)[4]).isEqualTo("invitation " + afterKill.get(0).id() + ", expires "
                    + afterKill.get(0).expiresAt() + " (created before the job was stopped; found in Auth0's invitations)");
            assertThat(report.values()).allSatisfy(row -> assertThat(row[3]).isEqualTo("INVITED"));
        }
    }
}
