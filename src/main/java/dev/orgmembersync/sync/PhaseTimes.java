package dev.orgmembersync.sync;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/** Seconds per finished step of one execution, in the order they ran, for summary.json. */
final class PhaseTimes {

    private PhaseTimes() {
    }

    static Map<String, Double> of(JobExecution execution) {
        Map<String, Double> phases = new LinkedHashMap<>();
        execution.getStepExecutions().stream()
                .filter(step -> step.getStartTime() != null && step.getEndTime() != null)
                .sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime()))
                .forEach(step -> phases.put(step.getStepName(), seconds(step)));
        return phases;
    }

    private static double seconds(StepExecution step) {
        return Math.round(Duration.between(step.getStartTime(), step.getEndTime()).toMillis() / 100.0) / 10.0;
    }
}
