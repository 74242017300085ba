package dev.orgmembersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

/**
 * Durations across the night clocks go back: in Berlin on 25 October 2026 the wall clock reads 02:00 to
 * 03:00 twice, so wall-clock times (Spring Batch's start times) give a step of 40 minutes as -20.
 */
class RunMetricsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** 02:15 CEST, the README's cron time; clocks go back at 03:00 CEST (01:00 UTC). */
    private static final Instant RUN_START = Instant.parse("2026-10-25T00:15:00Z");

    private final TimeZone jvmZone = TimeZone.getDefault();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MovableClock clock = new MovableClock(RUN_START);
    private final RunMetrics metrics = new RunMetrics(registry, clock);

    @BeforeEach
    void runInBerlin() {
        TimeZone.setDefault(TimeZone.getTimeZone(BERLIN));
    }

    @AfterEach
    void restoreZone() {
        TimeZone.setDefault(jvmZone);
    }

    @Test
    void shouldMeasureRealElapsedTimeWhenTheClocksGoBackDuringTheRun() {
        // given a run started at 02:15 CEST whose add phase starts at 02:30 CEST
        JobExecution job = new JobExecution(1L, new JobInstance(1L, "memberSyncJob"), new JobParameters());
        job.setStartTime(wallClock());
        metrics.beforeJob(job);
        clock.moveTo(Instant.parse("2026-10-25T00:30:00Z"));
        StepExecution add = step("addMembersStep", job);
        metrics.beforeStep(add);
        // when the phase ends at 02:10 CET, after the change, and the report is written at 02:20 CET
        clock.moveTo(Instant.parse("2026-10-25T01:10:00Z"));
        add.setEndTime(wallClock());
        metrics.afterStep(add);
        clock.moveTo(Instant.parse("2026-10-25T01:20:00Z"));
        // then the wall clock would say -20 and 5 minutes; the phase took 40 minutes and the run 65
        assertThat(Duration.between(add.getStartTime(), add.getEndTime())).isEqualTo(Duration.ofMinutes(-20));
        assertThat(metrics.phaseSeconds()).containsEntry("addMembersStep", 2400.0);
        assertThat(metrics.elapsed(add)).isEqualTo(Duration.ofMinutes(40));
        assertThat(metrics.runSeconds()).isEqualTo(3900.0);
        assertThat(registry.timer("orgsync.phase.duration", "phase", "addMembersStep").totalTime(
                TimeUnit.SECONDS)).isEqualTo(2400.0);
    }

    /** A step as Spring Batch starts it: its start time is the JVM zone's wall-clock time. */
    private StepExecution step(String name, JobExecution job) {
        StepExecution step = new StepExecution(name, job);
        step.setStartTime(wallClock());
        return step;
    }

    private LocalDateTime wallClock() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault());
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void moveTo(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
