package dev.orgmembersync.sync;

import dev.orgmembersync.auth0.RoleApi;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.MemberRoles;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The two steps of the {@code roles} column: names resolved to ids before any write, roles set once the memberships
 * are confirmed. Both do nothing (and call nothing) for an input without roles.
 */
@Configuration(proxyBeanMethods = false)
class RoleStepsConfiguration {

    static final String RESOLVE_ROLES_STEP = "resolveRolesStep";
    static final String ASSIGN_ROLES_STEP = "assignRolesStep";

    @Bean
    Step resolveRolesStep(JobRepository jobRepository, PlatformTransactionManager tx, Ledger ledger,
            MemberRoles memberRoles, RoleApi roleApi, ApiTotalsRecorder apiTotals, ProgressReporter progress,
            RunMetrics runMetrics) {
        return new StepBuilder(RESOLVE_ROLES_STEP, jobRepository)
                .tasklet(new RoleResolver(ledger, memberRoles, roleApi), tx)
                .listener(apiTotals)
                .listener((StepExecutionListener) progress)
                .listener(runMetrics).build();
    }

    @Bean
    RoleAssigner roleAssigner(Ledger ledger, MemberRoles memberRoles, RoleApi roleApi, ParallelCalls parallel,
            SyncProperties properties) {
        return new RoleAssigner(ledger, memberRoles, roleApi, parallel,
                properties.mode() == SyncProperties.Mode.MIRROR ? properties.mirror() : null);
    }

    @Bean
    Step assignRolesStep(JobRepository jobRepository, PlatformTransactionManager tx, RoleAssigner roleAssigner,
            ApiTotalsRecorder apiTotals, ProgressReporter progress, RunMetrics runMetrics) {
        return new StepBuilder(ASSIGN_ROLES_STEP, jobRepository)
                .tasklet(roleAssigner, tx)
                .listener(apiTotals)
                .listener((StepExecutionListener) progress)
                .listener(runMetrics).build();
    }
}
