package dev.orgmembersync.sync;

import java.nio.file.Path;
import java.time.Clock;


import tools.jackson.databind.json.JsonMapper;

import dev.orgmembersync.auth0.Auth0Properties;
import dev.orgmembersync.auth0.ExportDownload;
import dev.orgmembersync.auth0.InvitationApi;
import dev.orgmembersync.auth0.ManagementApi;
import dev.orgmembersync.auth0.MemberPager;
import dev.orgmembersync.auth0.Pacer;
import dev.orgmembersync.auth0.Paces;
import dev.orgmembersync.auth0.UserApi;
import dev.orgmembersync.csv.MembershipCsvReader;
import dev.orgmembersync.csv.MembershipRow;
import dev.orgmembersync.csv.RowValidator;
import dev.orgmembersync.ledger.EmailAccounts;
import dev.orgmembersync.ledger.Invitations;
import dev.orgmembersync.ledger.Ledger;
import dev.orgmembersync.ledger.LedgerEntry;
import dev.orgmembersync.ledger.LearnedPaces;
import dev.orgmembersync.ledger.LedgerView;
import dev.orgmembersync.ledger.MemberRoles;
import dev.orgmembersync.ledger.RunOrganizations;
import dev.orgmembersync.ledger.UnlistedMembers;
import dev.orgmembersync.report.ReportWriter;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * The job {@code memberSyncJob}: stage the CSV in the ledger, index it, resolve organization names, mark duplicates,
 * resolve role names, resolve emails to user ids, invite the people without an account, snapshot current members, add
 * the rest in batches of ten, remove leavers (mirror mode), verify, set roles, report. What the steps share is in
 * {@link JobInfrastructureConfiguration}, the role steps in {@link RoleStepsConfiguration}. Job and step names live in the job repository, so renaming one orphans a half-finished run:
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
     * The steps run one after another, except the snapshot, the adds (then mirror mode's removals) and the
     * verification, which run side by side and hand organizations on through {@link OrganizationFlow}: member reads
     * and member writes are separate Auth0 buckets, so the run takes about as long as the slower one. A split flow
     * keeps each of them a step of its own, with its status in the job repository, so a restart runs again only the
     * steps that did not complete (each resumes from the ledger).
     */
    @Bean
    Job memberSyncJob(JobRepository jobRepository, Step stageStep, Step indexLedgerStep, Step resolveOrganizationsStep,
            Step duplicatesStep, Step resolveUsersStep, Step inviteUsersStep, Step snapshotStep, Step addMembersStep,
            Step removeMembersStep, Step verifyStep, Step resolveRolesStep, Step assignRolesStep,
            Step reportStep, Ledger ledger, ApiTotalsRecorder apiTotals, RunOutcome outcome, ProgressReporter progress,
            RunMetrics runMetrics, LearnedPacing learnedPacing, OrganizationFlow organizationFlow) {
        Flow snapshot = new FlowBuilder<Flow>("snapshotFlow").start(snapshotStep).build();
        Flow adds = new FlowBuilder<Flow>("addFlow").start(addMembersStep).next(removeMembersStep).build();
        Flow verify = new FlowBuilder<Flow>("verifyFlow").start(verifyStep).build();
        Flow members = new FlowBuilder<Flow>("membersFlow").split(new SimpleAsyncTaskExecutor("members-"))
                .add(snapshot, adds, verify).build();
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(runMetrics)
                .listener(learnedPacing)
                .listener(new LedgerTableCreator(ledger))
                .listener(apiTotals)
                .listener(outcome)
                .listener(progress)
                .listener(organizationFlow)
                .flow(stageStep)
                .next(indexLedgerStep)
                .next(resolveOrganizationsStep)
                .next(duplicatesStep)
                .next(resolveRolesStep)
                .next(resolveUsersStep)
                .next(inviteUsersStep)
                .next(members)
                .next(assignRolesStep)
                .next(reportStep)
                .end()
                .build();
    }

    @Bean
    OrganizationFlow organizationFlow(JobRepository jobRepository) {
        return new OrganizationFlow(jobRepository);
    }

    @Bean
    LearnedPacing learnedPacing(Pacer pacer, LearnedPaces paces, Auth0Properties auth0) {
        return new LearnedPacing(pacer, paces, auth0.tenantKey());
    }

    @Bean
    Step stageStep(JobSteps steps, MembershipCsvReader membershipReader, RowToLedgerEntry rowToLedgerEntry,
            LedgerItemWriter ledgerWriter, ManagementApi api) {
        return steps.named("stageStep")
                .<MembershipRow, LedgerEntry>chunk(STAGING_CHUNK)
                .transactionManager(steps.tx())
                .reader(membershipReader)
                .processor(rowToLedgerEntry)
                .writer(ledgerWriter)
                .listener(steps.progress())
                .listener(steps.runMetrics())
                .listener(new TokenPrefetch(api))
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
    Step indexLedgerStep(JobSteps steps, Ledger ledger) {
        return steps.local("indexLedgerStep", new LedgerIndexer(ledger));
    }

    @Bean
    Step resolveOrganizationsStep(JobSteps steps, RunOrganizations ledger, ManagementApi api) {
        return steps.calling("resolveOrganizationsStep", new OrganizationNameResolver(ledger, api));
    }

    @Bean
    Step duplicatesStep(JobSteps steps, Ledger ledger) {
        return steps.local("duplicatesStep", new DuplicateMarker(ledger));
    }

    /** Rows by email get their user id (see {@link UserResolver}); added after the others, so older runs resume. */
    @Bean
    Step resolveUsersStep(JobSteps steps, Ledger ledger, EmailAccounts accounts, UserApi api,
            ExportDownload download, ParallelCalls parallel, SyncProperties properties, Clock clock) {
        UsersExport export = new UsersExport(api, download, accounts, properties.users(), clock);
        return steps.calling(RESOLVE_USERS_STEP, new UserResolver(ledger, accounts, api, export, parallel,
                properties.users()));
    }

    /**
     * Rows by email without an account are invited ({@code sync.invite.*}, see {@link Inviter}); a no-op unless
     * enabled. {@link Preflight} checks the options before any call.
     */
    @Bean
    Step inviteUsersStep(JobSteps steps, Invitations invitations, InvitationApi api, ParallelCalls parallel,
            SyncProperties properties, Clock clock) {
        return steps.calling(INVITE_USERS_STEP, new Inviter(invitations, api, parallel, properties.invite(), clock));
    }

    @Bean
    Step snapshotStep(JobSteps steps, Ledger ledger, RunOrganizations organizations, UnlistedMembers unlisted,
            MemberPager pager, ParallelCalls parallel, MemberRoles memberRoles, OrganizationFlow flow,
            RunPlanner runPlanner, Paces paces, SyncProperties properties) {
        return steps.calling(OrganizationFlow.SNAPSHOT, new MembershipSnapshot(ledger, organizations, unlisted, pager,
                parallel, steps.tx(), memberRoles, flow, paces, properties.concurrency()), flow, runPlanner);
    }

    @Bean
    Step addMembersStep(JobSteps steps, MemberAdder memberAdder, OrganizationFlow flow, RunPlanner runPlanner) {
        return steps.calling(OrganizationFlow.ADDS, memberAdder, flow, runPlanner);
    }

    /** Keeps no position: a restart reads the rows still PENDING (see {@link PendingRowsReader}). */
    @Bean
    @StepScope
    MemberAdder memberAdder(OrganizationFlow flow, RunOrganizations organizations, Ledger ledger, BatchSender sender,
            ParallelCalls parallel, ApiTotalsRecorder apiTotals, Paces paces,
            @Value("#{stepExecution.jobExecution.jobInstance.instanceId}") long runId,
            @Value("#{jobParameters['" + PREVIOUS_RUN + "'] ?: 0}") long previousRunId,
            @Value("#{jobParameters['" + DRY_RUN + "']}") String dryRun) {
        MemberBatchWriter writer = new MemberBatchWriter(sender, parallel, ledger, runId, Boolean.parseBoolean(dryRun));
        return new MemberAdder(flow, organizations, ledger, writer, apiTotals, paces, runId,
                ledger.hasRun(previousRunId) ? previousRunId : 0);
    }

    /** Mirror mode's removals (see {@link MemberRemover}); added after the adds, so runs of older versions resume. */
    @Bean
    Step removeMembersStep(JobSteps steps, UnlistedMembers unlisted, ManagementApi api, UserApi users,
            ParallelCalls parallel, SyncProperties properties, OrganizationFlow flow) {
        RemovalPlanner planner = new RemovalPlanner(unlisted, users, parallel, properties.mirror(), steps.tx());
        return steps.calling(OrganizationFlow.REMOVALS, new MemberRemover(planner, unlisted, api, parallel,
                properties.mode() == SyncProperties.Mode.MIRROR), flow);
    }

    @Bean
    Step verifyStep(JobSteps steps, Ledger ledger, UnlistedMembers unlisted, MemberPager pager, ParallelCalls parallel,
            SyncProperties properties, OrganizationFlow flow, Paces paces) {
        AddedMembersVerifier verifier = new AddedMembersVerifier(ledger, unlisted, pager, properties.verify().rechecks(),
                properties.verify().recheckDelay(), new RemovedMembersVerifier(unlisted));
        return steps.calling(OrganizationFlow.VERIFY, new MemberVerification(flow, verifier, ledger, parallel,
                properties.mode() == SyncProperties.Mode.MIRROR, paces));
    }

    /** Runs again on every restart (allowStartIfComplete): the report of a resumed run covers the whole run. */
    @Bean
    Step reportStep(JobSteps steps, JobRepository jobRepository, LedgerView ledger, JsonMapper json,
            ApiTotalsRecorder apiTotals, RunOutcome outcome, RunMetrics runMetrics, ReportPages reportPages,
            RunPlanner runPlanner) {
        return steps.named("reportStep")
                .tasklet(new ReportTasklet(new ReportWriter(ledger, json), apiTotals, outcome, runMetrics, reportPages,
                        jobRepository, runPlanner), steps.tx())
                .allowStartIfComplete(true)
                .build();
    }
}
