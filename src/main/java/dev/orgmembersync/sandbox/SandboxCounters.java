package dev.orgmembersync.sandbox;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Live request counters; {@link #snapshot()} turns them into a {@link SandboxStats}. */
final class SandboxCounters {

    private final LongAdder total = new LongAdder();
    private final Map<EndpointKind, LongAdder> byKind = new EnumMap<>(EndpointKind.class);
    private final LongAdder tooManyRequests = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder unauthorized = new LongAdder();

    SandboxCounters() {
        for (EndpointKind kind : EndpointKind.values()) {
            byKind.put(kind, new LongAdder());
        }
    }

    void request(EndpointKind kind) {
        total.increment();
        if (kind != null) {
            byKind.get(kind).increment();
        }
    }

    void tooManyRequests() {
        tooManyRequests.increment();
    }

    void serverErrorInjected() {
        serverErrors.increment();
    }

    void connectionDropped() {
        dropped.increment();
    }

    void unauthorized() {
        unauthorized.increment();
    }

    SandboxStats snapshot() {
        return new SandboxStats(total.sum(), count(EndpointKind.TOKEN), count(EndpointKind.MEMBERS_GET),
                count(EndpointKind.MEMBERS_POST), count(EndpointKind.ORG_BY_NAME), tooManyRequests.sum(),
                serverErrors.sum(), dropped.sum(), unauthorized.sum());
    }

    private long count(EndpointKind kind) {
        return byKind.get(kind).sum();
    }
}
