package dev.orgmembersync.auth0;

/**
 * How many calls of one bucket may be out at once: one probe at first, then the bucket's last
 * {@code x-ratelimit-remaining} (at least one, so that a probe finds out when the bucket refilled). Each call
 * takes one token when Auth0 receives it, so calls in flight beyond what remains would be refused.
 * Written by hand because Resilience4j's Bulkhead blocks the caller of {@code changeConfig} until the
 * surplus calls have ended.
 */
final class InFlightLimit {

    private int limit;
    private int inFlight;

    InFlightLimit(int initialLimit) {
        this.limit = Math.max(1, initialLimit);
    }

    /** Takes a place if there is one. */
    synchronized boolean tryAcquire() {
        if (inFlight >= limit) {
            return false;
        }
        inFlight++;
        return true;
    }

    /** Returns once a place is free (without taking it). */
    synchronized void awaitRoom() throws InterruptedException {
        while (inFlight >= limit) {
            wait();
        }
    }

    synchronized void release() {
        inFlight--;
        notifyAll();
    }

    synchronized void remaining(long remaining) {
        limit = (int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining));
        notifyAll();
    }
}
