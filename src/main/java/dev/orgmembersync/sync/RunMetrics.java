package dev.orgmembersync.sync;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/** Micrometer meters for the run itself: time per phase, and rows per final status. */
class RunMetrics implements StepExecutionListener {

    private final MeterRegistry registry;

    RunMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        registry.timer("orgsync.phase.duration", "phase", stepExecution.getStepName())
                .record(Duration.between(stepExecution.getStartTime(), LocalDateTime.now()));
        return stepExecution.getExitStatus();
    }

    void rows(Map<String, Long> countsByStatus) {
        countsByStatus.forEach((status, count) -> registry.counter("orgsync.rows", "status", status).increment(count));
    }
}
