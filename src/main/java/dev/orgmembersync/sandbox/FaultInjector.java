package dev.orgmembersync.sandbox;

import java.time.Duration;
import java.util.Random;

/** Draws fault decisions from a {@link Random} seeded with {@link Faults#seed()} (re-seeded on every update). */
final class FaultInjector {

    private Faults faults;
    private Random random;

    FaultInjector(Faults faults) {
        update(faults);
    }

    synchronized void update(Faults newFaults) {
        this.faults = newFaults;
        this.random = new Random(newFaults.seed());
    }

    /** Delay to add to the next response: the base latency plus, sometimes, a spike. */
    synchronized Duration nextLatency() {
        Duration delay = faults.latency();
        if (happens(faults.latencySpikeRate())) {
            delay = delay.plus(faults.latencySpike());
        }
        return delay;
    }

    synchronized boolean nextServerError() {
        return happens(faults.serverErrorRate());
    }

    synchronized boolean nextDropAfterApply() {
        return happens(faults.dropAfterApplyRate());
    }

    private boolean happens(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }
}
