package dev.orgmembersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.orgmembersync.OrgMemberSyncApplication;
import dev.orgmembersync.SyncRunFixture;
import dev.orgmembersync.sandbox.SandboxSettings;
import dev.orgmembersync.sandbox.SandboxTenant;

/**
 * The job's steps counted the way Spring Batch counts them (STYLE.md section 5): the job is started with
 * {@link JobOperatorTestUtils} on its own context and H2 file, and each step's read, write, filter and commit
 * counts are checked together with the side effect in the sandbox tenant. Expectations are derived from the input:
 * 25 good rows (2 already members), one invalid row, one duplicate.
 */
@SpringBatchTest
@SpringBootTest(classes = OrgMemberSyncApplication.class)
class JobStepCountsIntegrationTest {

    private static final int GOOD_ROWS = 25;
    private static final int ALREADY_MEMBERS = 2;

    @TempDir
    static Path dir;

    @AutoClose
    private static SandboxTenant sandbox;

    @Autowired
    private JobOperatorTestUtils jobs;

    @DynamicPropertySource
    static void tenantAndDatabase(DynamicPropertyRegistry registry) throws IOException {
        sandbox = SandboxTenant.start(SandboxSettings.unlimited(), SyncRunFixture.seed(GOOD_ROWS, ALREADY_MEMBERS)
                .withClient(SyncRunFixture.CLIENT_ID, SyncRunFixture.CLIENT_SECRET, "read:organization_members",
                        "create:organization_members", "read:organizations"));
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
        registry.add("auth0.base-url", () -> sandbox.baseUrl().toString());
        registry.add("auth0.client-id", () -> SyncRunFixture.CLIENT_ID);
        registry.add("auth0.client-secret", () -> SyncRunFixture.CLIENT_SECRET);
        registry.add("sync.input", () -> dir.resolve("members.csv").toString());
        registry.add("sync.report-dir", () -> dir.resolve("reports").toString());
        registry.add("sync.verify.recheck-delay", () -> "100ms");
    }

    @Test
    void shouldCountEveryRowAndSendOneBatchPerTenNewMembers() throws Exception {
        // given: 25 rows for acme (users 1 and 2 already members), one invalid row, one duplicate of line 2
        List<String> lines = new ArrayList<>(List.of("organization_id,user_id"));
        SyncRunFixture.users(1, GOOD_ROWS).forEach(user -> lines.add(SyncRunFixture.ACME + "," + user));
        lines.add("org-not-an-id," + SyncRunFixture.user(1));
        lines.add(SyncRunFixture.ACME + "," + SyncRunFixture.user(1));
        Path input = Files.write(dir.resolve("members.csv"), lines);
        int rows = lines.size() - 1;
        int toAdd = GOOD_ROWS - ALREADY_MEMBERS;
        int batches = (toAdd + 9) / 10;

        // when
        JobExecution execution = jobs.startJob(parameters(input));

        // then
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        // Function.identity(), not a lambda: @SpringBatchTest's step-scope listener would call a method of this
        // class that returns a StepExecution (a lambda compiles to one) as its step-execution factory.
        Map<String, StepExecution> steps = execution.getStepExecutions().stream()
                .collect(Collectors.toMap(StepExecution::getStepName, Function.identity()));
        StepExecution stage = steps.get("stageStep");
        assertThat(stage.getReadCount()).isEqualTo(rows);
        assertThat(stage.getWriteCount() + stage.getFilterCount()).isEqualTo(rows);
        assertThat(stage.getReadSkipCount() + stage.getProcessSkipCount() + stage.getWriteSkipCount()).isZero();
        assertThat(stage.getRollbackCount()).isZero();

        StepExecution adds = steps.get("addMembersStep");
        assertThat(adds.getReadCount()).as("batches of up to ten ids read").isEqualTo(batches);
        assertThat(adds.getWriteCount()).as("batches sent").isEqualTo(batches);
        assertThat(adds.getRollbackCount()).isZero();
        assertThat(sandbox.stats().membersPostRequests()).isEqualTo(batches);
        assertThat(sandbox.members(SyncRunFixture.ACME)).hasSize(GOOD_ROWS);

        assertThat(execution.getStepExecutions()).extracting(StepExecution::getStatus)
                .containsOnly(BatchStatus.COMPLETED);
    }

    /** What {@link SyncCommand} passes for a first run of an input. */
    private static JobParameters parameters(Path input) {
        return new JobParametersBuilder()
                .addString("input.sha256", "step-counts-test")
                .addString("tenant", sandbox.baseUrl().toString())
                .addLong("run", 1L)
                .addString(MemberSyncJobConfiguration.DRY_RUN, "false")
                .addString(MemberSyncJobConfiguration.INPUT_FILE, input.toAbsolutePath().toString(), false)
                .addLong(MemberSyncJobConfiguration.PREVIOUS_RUN, 0L, false)
                .toJobParameters();
    }
}
