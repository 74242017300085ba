package dev.orgmembersync.sync;

import java.time.Clock;
import java.util.Locale;

import io.micrometer.core.instrument.MeterRegistry;

import tools.jackson.databind.json.JsonMapper;

import dev.orgmembersync.auth0.ApiMetrics;
import dev.orgmembersync.auth0.Auth0Properties;
import dev.orgmembersync.auth0.CallTimeline;
import dev.orgmembersync.auth0.ManagementApi;
import dev.orgmembersync.auth0.Paces;
import dev.orgmembersync.auth0.UserApi;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.LedgerView;
import dev.orgmembersync.ledger.UnlistedMembers;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What the job's steps share: the worker pool for API calls, the run's counters, metrics, progress lines, plan and
 * report pages, and the step builder with their listeners ({@link JobSteps}).
 */
@Configuration(proxyBeanMethods = false)
class JobInfrastructureConfiguration {

    @Bean
    JobSteps jobSteps(JobRepository jobRepository, PlatformTransactionManager tx, ApiTotalsRecorder apiTotals,
            ProgressReporter progress, RunMetrics runMetrics) {
        return new JobSteps(jobRepository, tx, apiTotals, progress, runMetrics);
    }

    @Bean
    BatchSender batchSender(ManagementApi api, UserApi users, Ledger ledger, Paces paces,
            RefusedBatchCalls refusedBatchCalls) {
        return new BatchSender(api, ledger, new UnknownUserFinder(users, paces, refusedBatchCalls), refusedBatchCalls);
    }

    @Bean
    RefusedBatchCalls refusedBatchCalls() {
        return new RefusedBatchCalls();
    }

    /**
     * {@code sync.concurrency} threads. At context close (also on SIGTERM) the pool is not interrupted: it
     * waits up to the request timeout for the calls in flight to answer and be recorded, while
     * {@link ParallelCalls#close} keeps queued items from starting. It depends on the ledger so that it is
     * closed before the ledger's DataSource: answers that arrive during the close are still written.
     */
    @Bean
    @DependsOn("ledger")
    ThreadPoolTaskExecutor apiWorkers(SyncProperties properties, Auth0Properties auth0) {
        ThreadPoolTaskExecutor workers = new ThreadPoolTaskExecutor();
        workers.setCorePoolSize(properties.concurrency());
        workers.setMaxPoolSize(properties.concurrency());
        workers.setThreadNamePrefix("auth0-call-");
        workers.setDaemon(true);
        workers.setWaitForTasksToCompleteOnShutdown(true);
        // the request timeout, plus a few seconds to write the answer to the ledger
        workers.setAwaitTerminationMillis(auth0.requestTimeout().plusSeconds(5).toMillis());
        return workers;
    }

    @Bean
    ParallelCalls parallelCalls(ThreadPoolTaskExecutor apiWorkers) {
        return new ParallelCalls(apiWorkers, apiWorkers.getMaxPoolSize());
    }

    @Bean
    ApiTotalsRecorder apiTotalsRecorder(ApiMetrics metrics, RefusedBatchCalls refusedBatchCalls) {
        return new ApiTotalsRecorder(metrics, refusedBatchCalls);
    }

    @Bean
    RunPlanner runPlanner(Ledger ledger, LedgerView view, ApiTotalsRecorder apiTotals, Paces paces, CallTimeline callTimeline,
            JsonMapper json, UnlistedMembers unlisted, SyncProperties properties, RoleAssigner roleAssigner,
            OrganizationFlow organizationFlow) {
        return new RunPlanner(ledger, view, apiTotals, paces, callTimeline, json, unlisted,
                properties.mode() == SyncProperties.Mode.MIRROR ? properties.mirror() : null, roleAssigner,
                organizationFlow);
    }

    @Bean
    ProgressReporter progressReporter(LedgerView ledger, ApiMetrics metrics, SyncProperties properties, RunMetrics runMetrics) {
        return new ProgressReporter(ledger, metrics, properties.progress(), runMetrics);
    }

    @Bean
    RunMetrics runMetrics(MeterRegistry registry, Clock clock) {
        return new RunMetrics(registry, clock);
    }

    @Bean
    ReportPages reportPages(LedgerView ledger, CallTimeline callTimeline, Paces paces, RunMetrics runMetrics,
            ApiTotalsRecorder apiTotals, Clock clock, SyncProperties properties) {
        return new ReportPages(ledger, callTimeline, paces, runMetrics, apiTotals, clock,
                properties.mode().name().toLowerCase(Locale.ROOT));
    }

    @Bean
    RunOutcome runOutcome(SyncProperties properties) {
        return new RunOutcome(properties.reportDir());
    }
}
