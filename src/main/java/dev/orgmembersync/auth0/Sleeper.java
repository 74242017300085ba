package dev.orgmembersync.auth0;

import java.time.Duration;

/** Waits for a while; tests pass one that moves a fake clock forward instead of sleeping. */
@FunctionalInterface
interface Sleeper {

    Sleeper THREAD = duration -> Thread.sleep(Math.max(1, duration.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
