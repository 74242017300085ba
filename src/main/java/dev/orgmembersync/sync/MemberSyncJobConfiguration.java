package dev.orgmembersync.sync;

import java.nio.file.Path;
import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import tools.jackson.databind.json.JsonMapper;

import dev.orgmembersync.auth0.ApiMetrics;
import dev.orgmembersync.auth0.Auth0Properties;
import dev.orgmembersync.auth0.CallTimeline;
import dev.orgmembersync.auth0.ExportDownload;
import dev.orgmembersync.auth0.ManagementApi;
import dev.orgmembersync.auth0.MemberPager;
import dev.orgmembersync.auth0.Paces;
import dev.orgmembersync.csv.MembershipCsvReader;
import dev.orgmembersync.csv.MembershipRow;
import dev.orgmembersync.csv.RowValidator;
import dev.orgmembersync.ledger.EmailAccounts;
import dev.orgmembersync.ledger.Invitations;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.LedgerEntry;
import dev.orgmembersync.ledger.MemberRoles;
import dev.orgmembersync.ledger.RowStatus;
import dev.orgmembersync.ledger.UnlistedMembers;
import dev.orgmembersync.report.ReportWriter;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The job {@code memberSyncJob}: stage the CSV in the ledger, index it, resolve organization names, mark duplicates,
 * resolve emails to user ids, invite the people without an account, snapshot current members, add the rest in batches
 * of ten, verify, report. Job and step names live in the job repository, so renaming one orphans a half-finished run:
 * treat them as API.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SyncProperties.class)
public class MemberSyncJobConfiguration {

    public static final String JOB_NAME = "memberSyncJob";
    static final String INPUT_FILE = "input.file";
    static final String DRY_RUN = "dry-run";
    static final String RESOLVE_USERS_STEP = "resolveUsersStep";
    static final String INVITE_USERS_STEP = "inviteUsersStep";
    /** The job instance id of the input's previous run (not identifying; absent or 0: none). */
    static final String PREVIOUS_RUN = "previous.run.id";
    /** Rows per staging transaction: large enough for fast batched inserts (a crash re-reads at most one). */
    private static final int STAGING_CHUNK = 5000;
    /**
     * Batches (of up to ten ids) per chunk. Each batch is recorded in the ledger as it completes, so the chunk
     * is not the unit of restart; it is large so that waiting for a chunk's last answers costs little rate.
     */
    private static final int BATCHES_PER_CHUNK = 500;

    @Bean
    Job memberSyncJob(JobRepository jobRepository, Step stageStep, Step indexLedgerStep, Step resolveOrganizationsStep,
            Step duplicatesStep, Step resolveUsersStep, Step inviteUsersStep, Step snapshotStep, Step addMembersStep,
            Step removeMembersStep, Step verifyStep, Step resolveRolesStep, Step assignRolesStep,
            Step reportStep, Ledger ledger, ApiTotalsRecorder apiTotals, RunOutcome outcome, ProgressReporter progress,
            RunMetrics runMetrics) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(runMetrics)
                .listener(new LedgerTableCreator(ledger))
                .listener(apiTotals)
                .listener(outcome)
                .listener(progress)
                .start(stageStep)
                .next(indexLedgerStep)
                .next(resolveOrganizationsStep)
                .next(duplicatesStep)
                .next(resolveRolesStep)
                .next(resolveUsersStep)
                .next(inviteUsersStep)
                .next(snapshotStep)
                .next(addMembersStep)
                .next(removeMembersStep)
                .next(verifyStep)
                .next(assignRolesStep)
                .next(reportStep)
                .build();
    }

    @Bean
    Step stageStep(JobRepository jobRepository, PlatformTransactionManager tx, MembershipCsvReader membershipReader,
            RowToLedgerEntry rowToLedgerEntry, LedgerItemWriter ledgerWriter, ProgressReporter progress, RunMetrics runMetrics) {
        return new StepBuilder("stageStep", jobRepository)
                .<MembershipRow, LedgerEntry>chunk(STAGING_CHUNK)
                .transactionManager(tx)
                .reader(membershipReader)
                .processor(rowToLedgerEntry)
                .writer(ledgerWriter)
                .listener((StepExecutionListener) progress)
                .listener(runMetrics)
                .build();
    }

    @Bean
    @StepScope
    MembershipCsvReader membershipReader(@Value("#{jobParameters['" + INPUT_FILE + "']}") String input) {
        return new MembershipCsvReader(Path.of(input));
    }

    @Bean
    @StepScope
    RowToLedgerEntry rowToLedgerEntry(@Value("#{jobParameters['" + INPUT_FILE + "']}") String input) {
        return new RowToLedgerEntry(new RowValidator(input));
    }

    @Bean
    @StepScope
    LedgerItemWriter ledgerWriter(Ledger ledger, @Value("#{stepExecution.jobExecution.jobInstance.instanceId}") long runId) {
        return new LedgerItemWriter(ledger, runId);
    }

    @Bean
    Step indexLedgerStep(JobRepository jobRepository, PlatformTransactionManager tx, Ledger ledger,
            ProgressReporter progress, RunMetrics runMetrics) {
        return new StepBuilder("indexLedgerStep", jobRepository).tasklet(new LedgerIndexer(ledger), tx)
                .listener((StepExecutionListener) progress)
                .listener(runMetrics).build();
    }

    @Bean
    Step resolveOrganizationsStep(JobRepository jobRepository, PlatformTransactionManager tx, Ledger ledger,
            ManagementApi api, ApiTotalsRecorder apiTotals, ProgressReporter progress, RunMetrics runMetrics) {
        return new StepBuilder("resolveOrganizationsStep", jobRepository)
                .tasklet(new OrganizationNameResolver(ledger, api), tx).listener(apiTotals)
                .listener((StepExecutionListener) progress)
                .listener(runMetrics).build();
    }

    @Bean
    Step duplicatesStep(JobRepository jobRepository, PlatformTransactionManager tx, Ledger ledger,
            ProgressReporter progress, RunMetrics runMetrics) {
        return new StepBuilder("duplicatesStep", jobRepository).tasklet(new DuplicateMarker(ledger), tx)
                .listener((StepExecutionListener) progress)
                .listener(runMetrics).build();
    }

    /** Rows by email get their user id (see {@link UserResolver}); added after the others, so older runs resume. */
    @Bean
    Step resolveUsersStep(JobRepository jobRepository, PlatformTransactionManager tx, Ledger ledger,
            EmailAccounts accounts, ManagementApi api, ExportDownload download, ParallelCalls parallel,
            SyncProperties properties, Clock clock, ApiTotalsRecorder apiTotals, ProgressReporter progress,
            RunMetrics runMetrics) {
        UsersExport export = new UsersExport(api, download, accounts, properties.users(), clock);
        return new StepBuilder(RESOLVE_USERS_STEP, jobRepository)
                .tasklet(new UserResolver(ledger, accounts, api, export, parallel, properties.users()), tx)
                .listener(apiTotals)
                .listener((StepExecutionListener) progress)
                .listener(runMetrics).build();
    }

    /**
     * Rows by email without an account are invited ({@code sync.invite.*}, see {@link Inviter}); a no-op unless
     * enabled. {@link Preflight} checks the options before any call.
     */
    @Bean
    Step inviteUsersStep(JobRepository jobRepository, PlatformTransactionManager tx, Invitations invitations,
            ManagementApi api, ParallelCalls parallel, SyncProperties properties, Clock clock,
            ApiTotalsRecorder apiTotals, ProgressReporter progress, RunMetrics runMetrics) {
        return new StepBuilder(INVITE_USERS_STEP, jobRepository)
                .tasklet(new Inviter(invitations, api, parallel, properties.invite(), clock), tx)
                .listener(apiTotals)
                .listener((StepExecutionListener) progress)
                .listener(runMetrics).build();
    }

    @Bean
    Step snapshotStep(JobRepository jobRepository, PlatformTransactionManager tx, Ledger ledger, MemberPager pager,
            ParallelCalls parallel, ApiTotalsRecorder apiTotals, ProgressReporter progress, RunMetrics runMetrics,
            MemberRoles memberRoles) {
        return new StepBuilder("snapshotStep", jobRepository)
                .tasklet(new MembershipSnapshot(ledger, pager, parallel, tx, memberRoles), tx).listener(apiTotals)
                .listener((StepExecutionListener) progress)
                .listener(runMetrics).build();
    }

    @Bean
    Step addMembersStep(JobRepository jobRepository, PlatformTransactionManager tx, MemberBatchReader memberBatchReader,
            MemberBatchWriter memberBatchWriter, ApiTotalsRecorder apiTotals, ProgressReporter progress, RunMetrics runMetrics,
            RunPlanner runPlanner) {
        return new StepBuilder("addMembersStep", jobRepository)
                .<MemberBatch, MemberBatch>chunk(BATCHES_PER_CHUNK)
                .transactionManager(tx)
                .reader(memberBatchReader)
                .writer(memberBatchWriter)
                .listener(runPlanner)
                .listener((StepExecutionListener) apiTotals)
                .listener((StepExecutionListener) progress)
                .listener(runMetrics)
                .build();
    }

    /** Pending rows in organization order; re-queried by status on restart, so it keeps no position. */
    @Bean
    @StepScope
    MemberBatchReader memberBatchReader(Ledger ledger,
            @Value("#{stepExecution.jobExecution.jobInstance.instanceId}") long runId,
            @Value("#{jobParameters['" + PREVIOUS_RUN + "'] ?: 0}") long previousRunId) {
        return new MemberBatchReader(new PendingRowsReader(ledger, runId, ledger.hasRun(previousRunId) ? previousRunId : 0));
    }

    @Bean
    @StepScope
    MemberBatchWriter memberBatchWriter(BatchSender sender, ParallelCalls parallel, Ledger ledger,
            @Value("#{stepExecution.jobExecution.jobInstance.instanceId}") long runId,
            @Value("#{jobParameters['" + DRY_RUN + "']}") String dryRun) {
        return new MemberBatchWriter(sender, parallel, ledger, runId, Boolean.parseBoolean(dryRun));
    }

    /** Mirror mode's removals (see {@link MemberRemover}); added after the adds, so runs of older versions resume. */
    @Bean
    Step removeMembersStep(JobRepository jobRepository, PlatformTransactionManager tx, UnlistedMembers unlisted,
            ManagementApi api, ParallelCalls parallel, SyncProperties properties, ApiTotalsRecorder apiTotals,
            ProgressReporter progress, RunMetrics runMetrics) {
        RemovalPlanner planner = new RemovalPlanner(unlisted, api, parallel, properties.mirror(), tx);
        return new StepBuilder("removeMembersStep", jobRepository)
                .tasklet(new MemberRemover(planner, unlisted, api, parallel, properties.mode() == SyncProperties.Mode.MIRROR), tx)
                .listener(apiTotals)
                .listener((StepExecutionListener) progress)
                .listener(runMetrics).build();
    }

    @Bean
    Step verifyStep(JobRepository jobRepository, PlatformTransactionManager tx, Ledger ledger, UnlistedMembers unlisted,
            MemberPager pager, ParallelCalls parallel, SyncProperties properties, ApiTotalsRecorder apiTotals,
            ProgressReporter progress, RunMetrics runMetrics) {
        AddedMembersVerifier verifier = new AddedMembersVerifier(ledger, pager, properties.verify().rechecks(),
                properties.verify().recheckDelay(), new RemovedMembersVerifier(unlisted));
        return new StepBuilder("verifyStep", jobRepository)
                .tasklet((contribution, context) -> {
                    long runId = RunIds.of(contribution.getStepExecution());
                    parallel.forEach(verifier.organizationsToVerify(runId), org -> verifier.verify(runId, org));
                    return org.springframework.batch.infrastructure.repeat.RepeatStatus.FINISHED;
                }, tx)
                .listener(apiTotals)
                .listener((StepExecutionListener) progress)
                .listener(runMetrics)
                .build();
    }

    @Bean
    Step reportStep(JobRepository jobRepository, PlatformTransactionManager tx, Ledger ledger, JsonMapper json,
            ApiTotalsRecorder apiTotals, RunOutcome outcome, RunMetrics runMetrics, ReportPages reportPages,
            RunPlanner runPlanner) {
        return new StepBuilder("reportStep", jobRepository)
                .tasklet(new ReportTasklet(new ReportWriter(ledger, json), apiTotals, outcome, runMetrics, reportPages,
                        jobRepository, runPlanner), tx)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    BatchSender batchSender(ManagementApi api, Ledger ledger, Paces paces, RefusedBatchCalls refusedBatchCalls) {
        return new BatchSender(api, ledger, new UnknownUserFinder(api, paces, refusedBatchCalls), refusedBatchCalls);
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
        return new ParallelCalls(apiWorkers);
    }

    @Bean
    ApiTotalsRecorder apiTotalsRecorder(ApiMetrics metrics, RefusedBatchCalls refusedBatchCalls) {
        return new ApiTotalsRecorder(metrics, refusedBatchCalls);
    }

    @Bean
    RunPlanner runPlanner(Ledger ledger, ApiTotalsRecorder apiTotals, Paces paces, CallTimeline callTimeline,
            JsonMapper json, UnlistedMembers unlisted, SyncProperties properties, RoleAssigner roleAssigner) {
        return new RunPlanner(ledger, apiTotals, paces, callTimeline, json, unlisted,
                properties.mode() == SyncProperties.Mode.MIRROR ? properties.mirror() : null, roleAssigner);
    }

    @Bean
    ProgressReporter progressReporter(Ledger ledger, ApiMetrics metrics, SyncProperties properties, RunMetrics runMetrics) {
        return new ProgressReporter(ledger, metrics, properties.progress(), runMetrics);
    }

    @Bean
    RunMetrics runMetrics(MeterRegistry registry, Clock clock) {
        return new RunMetrics(registry, clock);
    }

    @Bean
    ReportPages reportPages(Ledger ledger, CallTimeline callTimeline, Paces paces, RunMetrics runMetrics,
            ApiTotalsRecorder apiTotals, Clock clock, SyncProperties properties) {
        return new ReportPages(ledger, callTimeline, paces, runMetrics, apiTotals, clock,
                properties.mode().name().toLowerCase(java.util.Locale.ROOT));
    }

    @Bean
    RunOutcome runOutcome(SyncProperties properties) {
        return new RunOutcome(properties.reportDir());
    }
}
