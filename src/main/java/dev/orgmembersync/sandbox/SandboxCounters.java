package dev.orgmembersync.sandbox;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live request counters; {@link #snapshot()} turns them into a {@link SandboxStats}. Also keeps a log of every
 * request to an emulated endpoint (arrival time, endpoint, status; 8 bytes each) for benchmarks, which derive rates,
 * phases and the time of the first call from it ({@code GET /sandbox/requests}).
 */
final class SandboxCounters {

    private static final int STATUS_BITS = 10;
    private static final int KIND_BITS = 4;

    private final LongAdder total = new LongAdder();
    private final Map<EndpointKind, LongAdder> byKind = new EnumMap<>(EndpointKind.class);
    private final LongAdder tooManyRequests = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder unauthorized = new LongAdder();
    private final LongAdder exportDownloads = new LongAdder();
    private final LongAdder exportDownloadsWithAuthorization = new LongAdder();
    private final LongAdder exportDownloadsRefused = new LongAdder();
    private final AtomicLong firstRequestMillis = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastRequestMillis = new AtomicLong(0);
    private long[] log = new long[1024];
    private int logged;

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

    void exportDownload() {
        exportDownloads.increment();
    }

    void exportDownloadWithAuthorization() {
        exportDownloadsWithAuthorization.increment();
    }

    void exportDownloadRefused() {
        exportDownloadsRefused.increment();
    }

    /**
     * Logs one answered (or dropped, status 0) request of an emulated endpoint; {@code arrivedMillis} is the epoch
     * millisecond at which it arrived, before any added latency.
     */
    void log(EndpointKind kind, long arrivedMillis, int status) {
        firstRequestMillis.accumulateAndGet(arrivedMillis, Math::min);
        lastRequestMillis.accumulateAndGet(arrivedMillis, Math::max);
        long entry = arrivedMillis << (KIND_BITS + STATUS_BITS) | (long) kind.ordinal() << STATUS_BITS
                | Math.max(0, Math.min(status, (1 << STATUS_BITS) - 1));
        synchronized (this) {
            if (logged == log.length) {
                log = Arrays.copyOf(log, log.length * 2);
            }
            log[logged++] = entry;
        }
    }

    /** Epoch millis of the earliest logged request's arrival, or -1 when there was none. */
    long firstRequestMillis() {
        long first = firstRequestMillis.get();
        return first == Long.MAX_VALUE ? -1 : first;
    }

    /** Epoch millis of the latest logged request's arrival, or -1 when there was none. */
    long lastRequestMillis() {
        long last = lastRequestMillis.get();
        return last == 0 ? -1 : last;
    }

    /** Writes the log as CSV lines {@code epoch_ms,kind,status} (header first), in the order answers were logged. */
    void writeLog(Writer out) throws IOException {
        long[] entries;
        synchronized (this) {
            entries = Arrays.copyOf(log, logged);
        }
        EndpointKind[] kinds = EndpointKind.values();
        out.write("epoch_ms,kind,status\n");
        for (long entry : entries) {
            out.write(Long.toString(entry >>> (KIND_BITS + STATUS_BITS)));
            out.write(',');
            out.write(kinds[(int) (entry >>> STATUS_BITS) & ((1 << KIND_BITS) - 1)].statsName());
            out.write(',');
            out.write(Long.toString(entry & ((1 << STATUS_BITS) - 1)));
            out.write('\n');
        }
    }

    SandboxStats snapshot() {
        return new SandboxStats(total.sum(), count(EndpointKind.TOKEN), count(EndpointKind.MEMBERS_GET),
                count(EndpointKind.MEMBERS_POST), count(EndpointKind.ORG_BY_NAME), tooManyRequests.sum(),
                serverErrors.sum(), dropped.sum(), unauthorized.sum(), count(EndpointKind.USERS_BY_EMAIL),
                count(EndpointKind.EXPORT_POST), count(EndpointKind.JOB_GET), exportDownloads.sum(),
                exportDownloadsWithAuthorization.sum(), exportDownloadsRefused.sum(),
                count(EndpointKind.INVITATIONS_GET), count(EndpointKind.INVITATIONS_POST),
                count(EndpointKind.USERS_SEARCH), count(EndpointKind.USER_GET));
    }

    long requests(EndpointKind kind) {
        return count(kind);
    }

    private long count(EndpointKind kind) {
        return byKind.get(kind).sum();
    }
}
