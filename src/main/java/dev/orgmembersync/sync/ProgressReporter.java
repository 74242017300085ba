package dev.orgmembersync.sync;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.orgmembersync.auth0.ApiMetrics;
import dev.orgmembersync.auth0.ApiMetrics.ApiTotals;
import dev.orgmembersync.ledger.LedgerView;
import dev.orgmembersync.ledger.RowStatus;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Logs one plain line every few seconds and at each phase change: rows settled of all rows, API calls and
 * 429s, the current call rate and an ETA. Single lines without terminal codes read well in
 * {@code kubectl logs} and cron mail.
 */
class ProgressReporter implements JobExecutionListener, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(ProgressReporter.class);

    private final LedgerView ledger;
    private final ApiMetrics metrics;
    private final SyncProperties.Progress settings;
    private final RunMetrics runMetrics;
    private ScheduledExecutorService timer;
    /** The steps running now, in the order they started: the snapshot, adds and verification run side by side. */
    private final Map<String, StepExecution> running = Collections.synchronizedMap(new LinkedHashMap<>());
    private long lastSettled = -1;
    private long lastCalls;
    private long lastNanos;

    ProgressReporter(LedgerView ledger, ApiMetrics metrics, SyncProperties.Progress settings, RunMetrics runMetrics) {
        this.ledger = ledger;
        this.metrics = metrics;
        this.settings = settings;
        this.runMetrics = runMetrics;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        if (!settings.enabled()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "progress");
            thread.setDaemon(true);
            return thread;
        });
        long millis = settings.interval().toMillis();
        timer.scheduleAtFixedRate(this::report, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        running.put(stepExecution.getStepName(), stepExecution);
        if (settings.enabled()) {
            log.info("phase {} started", phase(stepExecution));
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        running.remove(stepExecution.getStepName());
        if (settings.enabled()) {
            Duration took = runMetrics.elapsed(stepExecution);
            log.info("phase {} {} in {} s | {}", phase(stepExecution),
                    stepExecution.getStatus().isUnsuccessful() ? "failed" : "done",
                    String.format("%.1f", took.toMillis() / 1000.0), calls(metrics.totals()));
        }
        return stepExecution.getExitStatus();
    }

    private void report() {
        List<StepExecution> steps;
        synchronized (running) {
            steps = List.copyOf(running.values());
        }
        if (steps.isEmpty()) {
            return;
        }
        StepExecution current = steps.get(0);
        boolean verifying = running.containsKey(OrganizationFlow.VERIFY);
        try {
            long runId = RunIds.of(current);
            Map<RowStatus, Long> counts = ledger.inputCountsByStatus(runId);
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            // Rows accepted by Auth0 (SENT) are done for the add phase and open again until verified.
            long open = counts.getOrDefault(RowStatus.PENDING, 0L)
                    + (verifying ? counts.getOrDefault(RowStatus.SENT, 0L) : 0L);
            long settled = total - open;
            ApiTotals api = metrics.totals();
            long now = System.nanoTime();
            double seconds = lastNanos == 0 ? 0 : (now - lastNanos) / 1e9;
            double callRate = seconds > 0 ? (api.calls() - lastCalls) / seconds : 0;
            double rowRate = seconds > 0 && lastSettled >= 0 ? (settled - lastSettled) / seconds : 0;
            String rows = "stageStep".equals(current.getStepName())
                    ? "rows staged " + total
                    : "rows done " + settled + "/" + total;
            String eta = rowRate > 0 && open > 0 ? " | ETA " + formatDuration(Math.round(open / rowRate)) : "";
            log.info("progress: {} | {} | {} | {} calls/s{}",
                    steps.stream().map(ProgressReporter::phase).collect(Collectors.joining("+")), rows, calls(api),
                    String.format("%.1f", callRate), eta);
            lastSettled = settled;
            lastCalls = api.calls();
            lastNanos = now;
        }
        catch (RuntimeException ex) {
            log.debug("progress line skipped: {}", ex.getMessage());
        }
    }

    private static String calls(ApiTotals api) {
        return "calls " + api.calls() + ", 429s " + api.throttled() + ", retries " + api.retries();
    }

    private static String phase(StepExecution step) {
        return step.getStepName().replace("Step", "");
    }

    private static String formatDuration(long seconds) {
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds / 60 % 60)
                : seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }
}
