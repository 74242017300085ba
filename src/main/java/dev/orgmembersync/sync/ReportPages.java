package dev.orgmembersync.sync;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import dev.orgmembersync.auth0.Bucket;
import dev.orgmembersync.auth0.CallTimeline;
import dev.orgmembersync.auth0.CallTimeline.Second;
import dev.orgmembersync.auth0.Paces;
import dev.orgmembersync.ledger.LedgerView;
import dev.orgmembersync.report.ReportPage;
import dev.orgmembersync.report.RunFacts;
import dev.orgmembersync.report.RunSummary;
import dev.orgmembersync.report.TimelineChart;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * Gathers what {@code report.html} shows beside the summary's counts: the run's identity from its job
 * parameters, this execution's times and phases, the calls per second per bucket, and the ledger's
 * organization names, member counts and first rejected rows.
 */
class ReportPages {

    private final LedgerView ledger;
    private final CallTimeline timeline;
    private final Paces paces;
    private final RunMetrics runMetrics;
    private final ApiTotalsRecorder apiTotals;
    private final Clock clock;
    /** {@code add} or {@code mirror} ({@code sync.mode}). */
    private final String mode;

    ReportPages(LedgerView ledger, CallTimeline timeline, Paces paces, RunMetrics runMetrics,
            ApiTotalsRecorder apiTotals, Clock clock, String mode) {
        this.mode = mode;
        this.ledger = ledger;
        this.timeline = timeline;
        this.paces = paces;
        this.runMetrics = runMetrics;
        this.apiTotals = apiTotals;
        this.clock = clock;
    }

    ReportPage page(JobExecution execution, RunSummary summary) {
        long runId = execution.getJobInstance().getInstanceId();
        JobParameters parameters = execution.getJobParameters();
        Instant end = clock.instant();
        Instant start = runMetrics.runStart() != null ? runMetrics.runStart() : end;
        RunFacts facts = new RunFacts(ExitCodes.forStatus(summary.status()),
                parameters.getString(MemberSyncJobConfiguration.INPUT_FILE), parameters.getString("input.sha256"),
                withoutCredentials(parameters.getString("tenant")), mode,
                Boolean.parseBoolean(parameters.getString(MemberSyncJobConfiguration.DRY_RUN)), start, end,
                apiTotals.carried().calls());
        TimelineChart chart = TimelineChart.draw(start, end, runMetrics.phaseSpans(), series());
        return ReportPage.of(summary, facts, ledger.organizationNames(runId), ledger.membersListed(runId),
                ledger.firstRejections(runId, ReportPage.LISTED_REJECTIONS), chart);
    }

    /** One series per bucket this execution called, and the tenant-wide sum when that bucket is configured. */
    private List<TimelineChart.Series> series() {
        Map<Bucket, NavigableMap<Long, Second>> seconds = timeline.snapshot();
        List<TimelineChart.Series> series = new ArrayList<>();
        seconds.forEach((bucket, calls) -> {
            if (!calls.isEmpty()) {
                int perMinute = perMinute(bucket);
                series.add(new TimelineChart.Series(label(bucket), perMinute / 60.0, perMinute + "/min", calls));
            }
        });
        if (paces.tenantPerSecond() > 0 && !series.isEmpty()) {
            NavigableMap<Long, Second> all = new TreeMap<>();
            seconds.values().forEach(bucket -> bucket.forEach((second, counts) -> all.merge(second, counts,
                    (a, b) -> new Second(a.calls() + b.calls(), a.throttled() + b.throttled()))));
            series.add(new TimelineChart.Series("Tenant-wide (every Management API call)", paces.tenantPerSecond(),
                    String.format(Locale.ROOT, "%s/s", paces.tenantPerSecond()), all));
        }
        return series;
    }

    private int perMinute(Bucket bucket) {
        return (int) Math.round(paces.perMinuteNow(bucket));
    }

    private static String label(Bucket bucket) {
        return switch (bucket) {
            case MEMBER_WRITES -> "Member writes (POST organization members)";
            case MEMBER_READS -> "Member reads (GET organization members)";
            case ORGANIZATIONS_BY_NAME -> "Organizations by name (GET organization by name)";
            case USERS -> "Users (GET users by email, user export jobs)";
            case INVITATIONS -> "Invitations (list and create organization invitations)";
            case USER_READS -> "User reads (user search, GET user by id: refused batches)";
            case ROLES -> "Roles (GET roles by name)";
            case MEMBER_ROLES -> "Member roles (POST and DELETE a member's organization roles)";
        };
    }

    /** The tenant's base URL without user info, query or fragment: the page may be mailed around. */
    static String withoutCredentials(String tenant) {
        try {
            URI uri = new URI(tenant);
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        }
        catch (URISyntaxException | NullPointerException ex) {
            return "";
        }
    }
}
