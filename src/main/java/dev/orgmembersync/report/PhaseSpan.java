package dev.orgmembersync.report;

import java.time.Instant;

/** One step of this execution and when it ran, for the shading of the report page's timeline. */
public record PhaseSpan(String name, Instant start, Instant end) {
}
