package dev.orgmembersync.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;

import dev.orgmembersync.report.PhaseSpan;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * The run's times and its Micrometer meters: time per phase, and rows per final status. Times are instants
 * of the injected clock: Spring Batch's start times are local wall-clock times, which jump by an hour at a
 * daylight-saving change, and the README's nightly cron runs at 02:15.
 */
class RunMetrics implements JobExecutionListener, StepExecutionListener {

    private final MeterRegistry registry;
    private final Clock clock;
    private volatile Instant runStart;
    private final Map<String, Instant> stepStarts = new ConcurrentHashMap<>();
    /** Finished phases of this execution, in the order they ran. */
    private final Map<String, Duration> phases = new LinkedHashMap<>();

    RunMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        runStart = clock.instant();
        stepStarts.clear();
        synchronized (phases) {
            phases.clear();
        }
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        stepStarts.put(stepExecution.getStepName(), clock.instant());
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        Duration took = elapsed(stepExecution);
        synchronized (phases) {
            phases.put(stepExecution.getStepName(), took);
        }
        registry.timer("orgsync.phase.duration", "phase", stepExecution.getStepName()).record(took);
        return stepExecution.getExitStatus();
    }

    /** Time in the step so far, or its duration once it has finished. */
    Duration elapsed(StepExecution step) {
        synchronized (phases) {
            Duration finished = phases.get(step.getStepName());
            if (finished != null) {
                return finished;
            }
        }
        Instant start = stepStarts.get(step.getStepName());
        return start == null ? Duration.ZERO : Duration.between(start, clock.instant());
    }

    /** When this execution started, or null if it never did. */
    Instant runStart() {
        return runStart;
    }

    /** This execution's phases in the order they started: a running phase ends now. */
    List<PhaseSpan> phaseSpans() {
        Instant now = clock.instant();
        List<PhaseSpan> spans = new ArrayList<>();
        stepStarts.forEach((step, start) -> {
            Duration took;
            synchronized (phases) {
                took = phases.get(step);
            }
            spans.add(new PhaseSpan(step, start, took == null ? now : start.plus(took)));
        });
        spans.sort(Comparator.comparing(PhaseSpan::start));
        return spans;
    }

    /** Seconds since this execution started (0 if it never did). */
    double runSeconds() {
        Instant start = runStart;
        return start == null ? 0 : Duration.between(start, clock.instant()).toMillis() / 1000.0;
    }

    /** Seconds per finished phase of this execution, to a tenth, in the order they ran: for summary.json. */
    Map<String, Double> phaseSeconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        synchronized (phases) {
            phases.forEach((phase, took) -> seconds.put(phase, Math.round(took.toMillis() / 100.0) / 10.0));
        }
        return seconds;
    }

    void rows(Map<String, Long> countsByStatus) {
        countsByStatus.forEach((status, count) -> registry.counter("orgsync.rows", "status", status).increment(count));
    }
}
