package dev.orgmembersync.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import dev.orgmembersync.auth0.CallTimeline.Second;
import dev.orgmembersync.ledger.LedgerEntry;
import dev.orgmembersync.ledger.RowStatus;

/** The page of a very large run stays a few hundred kilobytes: long lists are cut, long timelines binned. */
class ReportPageRendererTest {

    private static final Instant START = Instant.parse("2026-12-03T02:15:00Z");
    private static final Duration TEN_HOURS = Duration.ofHours(10);

    @Test
    void shouldStayUnderFourHundredKilobytesWhenRunHasAMillionRowsTenThousandOrganizationsAndTenHours() {
        // given a million rows over 10,000 organizations, 5,000 of them rejected, and ten hours of calls every second
        List<RunSummary.Organization> organizations = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            organizations.add(new RunSummary.Organization(String.format("org_%016d", i), 100,
                    Map.of("ADDED", i % 2 == 0 ? 100L : 99L, "UNKNOWN_USER", i % 2 == 0 ? 0L : 1L)));
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("ADDED", 995_000L);
        counts.put("UNKNOWN_USER", 5_000L);
        RunSummary summary = new RunSummary(RunSummary.COMPLETED_WITH_REJECTIONS, 1_000_000, counts,
                new RunSummary.Api(200_000, 12, 12), new RunSummary.Users("none", 0, 0, 0, null), TEN_HOURS.toSeconds(),
                Map.of(), organizations);
        List<LedgerEntry> rejections = new ArrayList<>();
        for (int i = 0; i < ReportPage.LISTED_REJECTIONS; i++) {
            rejections.add(new LedgerEntry(i + 2, String.format("org_%016d", i), null,
                    "auth0|65f1c0a1b2c3d4e5f6a7b8c" + i, RowStatus.UNKNOWN_USER,
                    "Auth0 rejected this user id when sent alone (HTTP 400 invalid_body: One or more users do not exist.)"));
        }
        Instant end = START.plus(TEN_HOURS);
        TimelineChart chart = TimelineChart.draw(START, end, List.of(new PhaseSpan("snapshotStep", START,
                START.plusSeconds(600)), new PhaseSpan("addMembersStep", START.plusSeconds(600), end)),
                List.of(everySecond("Member writes", 3.3), everySecond("Member reads", 8.3)));
        RunFacts facts = new RunFacts(2, "/data/hr-export.csv", "ab".repeat(32), "https://tenant.eu.auth0.com", "add",
                false, START, end, 0);
        ReportPage page = ReportPage.of(summary, facts, Map.of(), Map.of(), rejections, chart);
        // when
        StringWriter html = new StringWriter();
        new ReportPageRenderer().render(page, html);
        // then
        int bytes = html.toString().getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).isLessThan(400_000);
        Document document = Jsoup.parse(html.toString());
        assertThat(document.select("#organizations tbody tr")).hasSize(500);
        assertThat(document.select("#organizations tbody tr").first().child(9).text()).isEqualTo("1");
        assertThat(document.selectFirst("#more-organizations").text()).startsWith("9,500 more organizations");
        assertThat(document.select("#rejections tbody tr")).hasSize(200);
        assertThat(document.selectFirst("#more-rejections").text()).startsWith("4,800 more rejected rows");
        assertThat(document.select("#timeline path.calls")).hasSize(2);
        assertThat(document.selectFirst(".legend").text()).contains("average calls per second over 61 s");
        System.out.println("page of a million-row, ten-hour run: " + bytes + " bytes");
    }

    private static TimelineChart.Series everySecond(String label, double limit) {
        NavigableMap<Long, Second> seconds = new TreeMap<>();
        for (long s = 0; s < TEN_HOURS.toSeconds(); s++) {
            seconds.put(START.getEpochSecond() + s, new Second(3, s % 997 == 0 ? 1 : 0));
        }
        return new TimelineChart.Series(label, limit, limit + "/s", seconds);
    }
}
