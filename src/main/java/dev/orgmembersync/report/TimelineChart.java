package dev.orgmembersync.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;

import dev.orgmembersync.auth0.CallTimeline.Second;

/**
 * The geometry of the page's timeline (inline SVG): one panel per rate-limit bucket with the calls per second
 * as a step area, the bucket's limit as a line, every 429 as a red mark, and the run's phases shaded behind.
 * Long runs are drawn in bins of several seconds (the average rate of each), so the page stays small.
 */
public record TimelineChart(int width, int height, List<Panel> panels, List<PhaseBand> phases, List<Tick> ticks,
        int axisY, String binNote) {

    /** At most this many bins per panel: a ten-hour run still draws in a few kilobytes. */
    static final int MAX_BINS = 600;
    static final int WIDTH = 1000;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int PHASE_LABELS = 22;
    private static final int LABEL_Y = 14;
    private static final int LABEL_ROW = 12;
    private static final int PANEL_HEIGHT = 110;
    private static final int PANEL_GAP = 34;
    private static final int AXIS = 28;
    private static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    private static final long[] TICK_STEPS = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400 };

    /**
     * One bucket's calls.
     *
     * @param label what the bucket is, in words
     * @param limitPerSecond the bucket's sustained limit (0: none known)
     * @param limitText the limit in the unit it is configured in
     * @param seconds epoch second to the calls made in it
     */
    public record Series(String label, double limitPerSecond, String limitText, NavigableMap<Long, Second> seconds) {
    }

    public static TimelineChart draw(Instant start, Instant end, List<PhaseSpan> phases, List<Series> series) {
        long first = start.getEpochSecond();
        long span = Math.max(1, end.getEpochSecond() + 1 - first);
        long binSeconds = Math.max(1, (span + MAX_BINS - 1) / MAX_BINS);
        Scale x = new Scale(first, span);
        // phases that run side by side (snapshot, adds, verification) get a label row each
        int[] rows = labelRows(phases);
        int labels = PHASE_LABELS + LABEL_ROW * Arrays.stream(rows).max().orElse(0);
        List<Panel> panels = new ArrayList<>();
        int top = labels + PANEL_GAP;
        for (Series one : series) {
            panels.add(panel(one, top, x, binSeconds));
            top += PANEL_HEIGHT + PANEL_GAP;
        }
        int bottom = top - PANEL_GAP;
        List<PhaseBand> bands = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            PhaseSpan phase = phases.get(i);
            double from = x.at(seconds(start, phase.start()) + start.getNano() / 1e9);
            double to = x.at(seconds(start, phase.end()) + start.getNano() / 1e9);
            String name = phase.name().replaceFirst("Step$", "");
            bands.add(new PhaseBand(fmt(from), fmt(Math.max(1, to - from)), labels, bottom - labels,
                    fmt(from + 3), LABEL_Y + LABEL_ROW * rows[i], to - from >= 7 * name.length() ? name : "",
                    phase.name() + ": " + fmt(Duration.between(phase.start(), phase.end()).toMillis() / 1000.0) + " s",
                    i % 2 == 0 ? "phase" : "phase alt"));
        }
        String note = binSeconds == 1 ? "calls per second"
                : "average calls per second over " + binSeconds + " s (the run is too long to draw every second)";
        return new TimelineChart(WIDTH, bottom + AXIS, panels, bands, ticks(x, span, bottom), bottom, note);
    }

    /** Per phase (in start order), how many earlier phases are still running when it starts. */
    private static int[] labelRows(List<PhaseSpan> phases) {
        int[] rows = new int[phases.size()];
        for (int i = 0; i < phases.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (phases.get(j).end().isAfter(phases.get(i).start())) {
                    rows[i]++;
                }
            }
        }
        return rows;
    }

    private static double seconds(Instant start, Instant instant) {
        return Duration.between(start, instant).toMillis() / 1000.0;
    }

    private static Panel panel(Series series, int top, Scale x, long binSeconds) {
        int bins = (int) ((x.span + binSeconds - 1) / binSeconds);
        double[] rate = new double[bins];
        long[] throttled = new long[bins];
        long calls = 0;
        long refused = 0;
        for (var second : series.seconds().entrySet()) {
            int bin = (int) Math.min(bins - 1, Math.max(0, (second.getKey() - x.first) / binSeconds));
            rate[bin] += second.getValue().calls() / (double) binSeconds;
            throttled[bin] += second.getValue().throttled();
            calls += second.getValue().calls();
            refused += second.getValue().throttled();
        }
        double peak = 0;
        for (double r : rate) {
            peak = Math.max(peak, r);
        }
        double yMax = Math.max(1, Math.max(series.limitPerSecond() * 1.25, peak * 1.1));
        int bottom = top + PANEL_HEIGHT;
        StringBuilder area = new StringBuilder("M").append(LEFT).append(',').append(bottom);
        List<Mark> marks = new ArrayList<>();
        for (int bin = 0; bin < bins; bin++) {
            double y = bottom - rate[bin] / yMax * PANEL_HEIGHT;
            area.append('V').append(fmt(y)).append('H').append(fmt(x.at(Math.min(x.span, (bin + 1) * binSeconds))));
            if (throttled[bin] > 0) {
                double mid = x.at(Math.min(x.span, (bin + 0.5) * binSeconds));
                marks.add(new Mark(fmt(mid), throttled[bin] + " × 429 at " + clock(bin * binSeconds)));
            }
        }
        area.append('V').append(bottom).append('Z');
        boolean limited = series.limitPerSecond() > 0;
        String limitY = fmt(bottom - series.limitPerSecond() / yMax * PANEL_HEIGHT);
        String summary = String.format(Locale.ROOT, "%s calls, %s answered 429, peak %s/s", ReportPage.number(calls),
                ReportPage.number(refused), fmt(peak)) + (limited ? ", limit " + series.limitText() : "");
        return new Panel(series.label(), summary, top, bottom, top - 8, area.toString(), limited, limitY, marks,
                fmt(yMax), top + 4, bottom);
    }

    private static List<Tick> ticks(Scale x, long span, int axisY) {
        long step = TICK_STEPS[TICK_STEPS.length - 1];
        for (long candidate : TICK_STEPS) {
            if (span / candidate <= 8) {
                step = candidate;
                break;
            }
        }
        List<Tick> ticks = new ArrayList<>();
        for (long t = 0; t <= span; t += step) {
            ticks.add(new Tick(fmt(x.at(t)), axisY + 16, clock(t)));
        }
        return ticks;
    }

    /** Seconds since the start as m:ss or h:mm:ss. */
    static String clock(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    public boolean empty() {
        return panels.isEmpty();
    }

    public int left() {
        return LEFT;
    }

    public int right() {
        return WIDTH - RIGHT;
    }

    public int plotWidth() {
        return PLOT_WIDTH;
    }

    public int panelHeight() {
        return PANEL_HEIGHT;
    }

    public int axisLabelX() {
        return LEFT - 6;
    }

    /** Maps seconds since the first second to the x coordinate. */
    private record Scale(long first, long span) {
        double at(double secondsSinceFirst) {
            return LEFT + secondsSinceFirst / span * PLOT_WIDTH;
        }
    }

    public record Panel(String title, String summary, int top, int bottom, int titleY, String area, boolean limited,
            String limitY, List<Mark> throttles, String yMax, int yMaxLabelY, int zeroLabelY) {
    }

    /** A 429 answer (or several in one bin). */
    public record Mark(String x, String title) {
    }

    public record PhaseBand(String x, String width, int y, int height, String labelX, int labelY, String label,
            String title, String css) {
    }

    public record Tick(String x, int labelY, String label) {
    }
}
