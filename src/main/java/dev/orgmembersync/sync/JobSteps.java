package dev.orgmembersync.sync;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.builder.TaskletStepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds the job's steps with the listeners every step carries (progress lines, phase metrics, and for steps that
 * call Auth0 the API totals), so that the job configuration reads as its list of steps.
 */
class JobSteps {

    private final JobRepository repository;
    private final PlatformTransactionManager tx;
    private final StepExecutionListener apiTotals;
    private final StepExecutionListener progress;
    private final StepExecutionListener runMetrics;

    JobSteps(JobRepository repository, PlatformTransactionManager tx, ApiTotalsRecorder apiTotals,
            ProgressReporter progress, RunMetrics runMetrics) {
        this.repository = repository;
        this.tx = tx;
        this.apiTotals = apiTotals;
        this.progress = progress;
        this.runMetrics = runMetrics;
    }

    /** A step that calls the Management API: its calls are counted into the run's totals. */
    Step calling(String name, Tasklet tasklet, StepExecutionListener... more) {
        TaskletStepBuilder step = tasklet(name, tasklet).listener(apiTotals).listener(progress).listener(runMetrics);
        for (StepExecutionListener listener : more) {
            step.listener(listener);
        }
        return step.build();
    }

    /** A step that only works on the job database. */
    Step local(String name, Tasklet tasklet) {
        return tasklet(name, tasklet).listener(progress).listener(runMetrics).build();
    }

    /** The builder of a chunk step. */
    StepBuilder named(String name) {
        return new StepBuilder(name, repository);
    }

    PlatformTransactionManager tx() {
        return tx;
    }

    StepExecutionListener apiTotals() {
        return apiTotals;
    }

    StepExecutionListener progress() {
        return progress;
    }

    StepExecutionListener runMetrics() {
        return runMetrics;
    }

    private TaskletStepBuilder tasklet(String name, Tasklet tasklet) {
        return new StepBuilder(name, repository).tasklet(tasklet, tx);
    }
}
