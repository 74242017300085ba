package dev.orgmembersync.sync;

import dev.orgmembersync.auth0.RoleApi;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.MemberRoles;

import org.springframework.batch.core.step.Step;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two steps of the {@code roles} column: names resolved to ids before any write, roles set once the memberships
 * are confirmed. Both do nothing (and call nothing) for an input without roles.
 */
@Configuration(proxyBeanMethods = false)
class RoleStepsConfiguration {

    @Bean
    Step resolveRolesStep(JobSteps steps, Ledger ledger, MemberRoles memberRoles, RoleApi roleApi) {
        return steps.calling("resolveRolesStep", new RoleResolver(ledger, memberRoles, roleApi));
    }

    @Bean
    RoleAssigner roleAssigner(Ledger ledger, MemberRoles memberRoles, RoleApi roleApi, ParallelCalls parallel,
            SyncProperties properties) {
        return new RoleAssigner(ledger, memberRoles, roleApi, parallel,
                properties.mode() == SyncProperties.Mode.MIRROR ? properties.mirror() : null);
    }

    @Bean
    Step assignRolesStep(JobSteps steps, RoleAssigner roleAssigner) {
        return steps.calling("assignRolesStep", roleAssigner);
    }
}
