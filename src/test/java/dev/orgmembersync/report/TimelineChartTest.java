package dev.orgmembersync.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.orgmembersync.auth0.CallTimeline.Second;

class TimelineChartTest {

    private static final Instant START = Instant.parse("2026-12-03T02:15:00Z");

    @Test
    void shouldMarkThe429AtItsSecondAndDrawTheLimitWhenTheRunIsShort() {
        // given a 20 s run (21 seconds drawn) with five calls and one 429 in its eighth second, limit 200/min
        NavigableMap<Long, Second> seconds = new TreeMap<>();
        seconds.put(START.getEpochSecond() + 7, new Second(5, 1));
        // when
        TimelineChart chart = TimelineChart.draw(START, START.plusSeconds(20),
                List.of(new PhaseSpan("addMembersStep", START.plusSeconds(2), START.plusSeconds(18))),
                List.of(new TimelineChart.Series("writes", 200 / 60.0, "200/min", seconds)));
        // then the mark sits in the middle of second 7 of 21 across the 910 px plot that starts at x = 70
        TimelineChart.Panel panel = chart.panels().get(0);
        assertThat(panel.throttles()).extracting(TimelineChart.Mark::x).containsExactly(fmt(70 + 7.5 / 21 * 910));
        assertThat(panel.throttles().get(0).title()).isEqualTo("1 × 429 at 0:07");
        assertThat(panel.summary()).isEqualTo("5 calls, 1 answered 429, peak 5.0/s, limit 200/min");
        // the y axis reaches 5.5/s (peak + 10 %), so the limit line is 3.33/5.5 of the panel's 110 px up
        assertThat(panel.limitY()).isEqualTo(fmt(panel.bottom() - 200 / 60.0 / 5.5 * 110));
        assertThat(chart.phases()).singleElement().satisfies(phase -> {
            assertThat(phase.x()).isEqualTo(fmt(70 + 2.0 / 21 * 910));
            assertThat(phase.label()).isEqualTo("addMembers");
        });
        assertThat(chart.binNote()).isEqualTo("calls per second");
    }

    @Test
    void shouldGiveEachPhaseRunningBesideAnotherALabelRowOfItsOwn() {
        // given the snapshot, adds and verification starting together, then the report after them
        List<PhaseSpan> phases = List.of(new PhaseSpan("snapshotStep", START, START.plusSeconds(20)),
                new PhaseSpan("addMembersStep", START, START.plusSeconds(90)),
                new PhaseSpan("verifyStep", START, START.plusSeconds(95)),
                new PhaseSpan("reportStep", START.plusSeconds(95), START.plusSeconds(96)));
        // when
        TimelineChart chart = TimelineChart.draw(START, START.plusSeconds(96), phases,
                List.of(new TimelineChart.Series("writes", 200 / 60.0, "200/min", new TreeMap<>())));
        // then the three side by side get rows 14, 26 and 38 px down, the report the first row again, and the
        // bands and panels start below the three rows
        assertThat(chart.phases()).extracting(TimelineChart.PhaseBand::labelY).containsExactly(14, 26, 38, 14);
        assertThat(chart.phases()).extracting(TimelineChart.PhaseBand::y).containsOnly(22 + 2 * 12);
        assertThat(chart.panels().get(0).top()).isGreaterThan(22 + 2 * 12);
    }

    @Test
    void shouldAverageOverBinsWhenTheRunIsLongerThanTenMinutes() {
        // given a one-hour run, 2 calls every second
        NavigableMap<Long, Second> seconds = new TreeMap<>();
        for (long s = 0; s < 3600; s++) {
            seconds.put(START.getEpochSecond() + s, new Second(2, 0));
        }
        // when
        TimelineChart chart = TimelineChart.draw(START, START.plusSeconds(3599), List.of(),
                List.of(new TimelineChart.Series("reads", 0, "", seconds)));
        // then 600 bins of 6 s, each at the average rate of 2/s, and no limit line
        TimelineChart.Panel panel = chart.panels().get(0);
        assertThat(panel.area().chars().filter(c -> c == 'H').count()).isEqualTo(600);
        assertThat(panel.summary()).isEqualTo("7,200 calls, 0 answered 429, peak 2.0/s");
        assertThat(panel.limited()).isFalse();
        assertThat(chart.binNote()).startsWith("average calls per second over 6 s");
    }

    private static String fmt(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
