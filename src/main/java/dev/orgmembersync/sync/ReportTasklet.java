package dev.orgmembersync.sync;

import java.nio.file.Path;

import dev.orgmembersync.auth0.ApiMetrics.ApiTotals;
import dev.orgmembersync.report.ReportWriter;
import dev.orgmembersync.report.RunSummary;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Writes the report files (CSV, summary, page) and hands the summary to whoever launched the run. */
class ReportTasklet implements Tasklet {

    private final ReportWriter writer;
    private final ApiTotalsRecorder apiTotals;
    private final RunOutcome outcome;
    private final RunMetrics runMetrics;
    private final ReportPages pages;
    private final JobRepository jobRepository;
    private final RunPlanner planner;

    ReportTasklet(ReportWriter writer, ApiTotalsRecorder apiTotals, RunOutcome outcome, RunMetrics runMetrics,
            ReportPages pages, JobRepository jobRepository, RunPlanner planner) {
        this.planner = planner;
        this.writer = writer;
        this.pages = pages;
        this.jobRepository = jobRepository;
        this.apiTotals = apiTotals;
        this.outcome = outcome;
        this.runMetrics = runMetrics;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        long runId = RunIds.of(contribution.getStepExecution());
        Path directory = outcome.reportDirectory();
        ApiTotals api = apiTotals.total();
        RunSummary summary = writer.summarize(runId, new RunSummary.Api(api.calls(), api.throttled(), api.retries()),
                UserLookupSummary.of(jobRepository, contribution.getStepExecution().getJobExecution().getJobInstance()),
                runMetrics.runSeconds(), runMetrics.phaseSeconds())
                .withPlan(planner.planOf(contribution.getStepExecution().getJobExecution()), planner.actual());
        writer.writeReconciliation(runId, directory);
        writer.writeSummary(summary, directory);
        writer.writePage(pages.page(contribution.getStepExecution().getJobExecution(), summary), directory);
        outcome.summary(summary);
        return RepeatStatus.FINISHED;
    }
}
