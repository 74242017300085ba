package dev.orgmembersync.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Fault knobs applied to {@code /api/v2} requests, decided with a {@link java.util.Random} seeded with {@code seed}.
 *
 * @param latency            added to every response
 * @param latencySpikeRate   probability (0..1) of adding {@code latencySpike} on top
 * @param latencySpike       extra delay of a spike
 * @param serverErrorRate    probability (0..1) of answering 503 without applying anything
 * @param dropAfterApplyRate probability (0..1) that an accepted {@code POST .../members} is applied and then the
 *                           connection is closed without any response
 * @param seed               seed of the random decisions
 */
public record Faults(Duration latency, double latencySpikeRate, Duration latencySpike, double serverErrorRate,
                     double dropAfterApplyRate, long seed) {

    public Faults {
        requireNonNegative(latency, "latency");
        requireNonNegative(latencySpike, "latencySpike");
        requireProbability(latencySpikeRate, "latencySpikeRate");
        requireProbability(serverErrorRate, "serverErrorRate");
        requireProbability(dropAfterApplyRate, "dropAfterApplyRate");
    }

    /** No latency, no errors, no drops. */
    public static Faults none() {
        return new Faults(Duration.ZERO, 0, Duration.ZERO, 0, 0, 0);
    }

    public Faults withLatency(Duration newLatency) {
        return new Faults(newLatency, latencySpikeRate, latencySpike, serverErrorRate, dropAfterApplyRate, seed);
    }

    public Faults withLatencySpikes(double rate, Duration spike) {
        return new Faults(latency, rate, spike, serverErrorRate, dropAfterApplyRate, seed);
    }

    public Faults withServerErrorRate(double rate) {
        return new Faults(latency, latencySpikeRate, latencySpike, rate, dropAfterApplyRate, seed);
    }

    public Faults withDropAfterApplyRate(double rate) {
        return new Faults(latency, latencySpikeRate, latencySpike, serverErrorRate, rate, seed);
    }

    public Faults withSeed(long newSeed) {
        return new Faults(latency, latencySpikeRate, latencySpike, serverErrorRate, dropAfterApplyRate, newSeed);
    }

    private static void requireNonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    private static void requireProbability(double value, String name) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1: " + value);
        }
    }
}
