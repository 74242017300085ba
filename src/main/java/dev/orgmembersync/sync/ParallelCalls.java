package dev.orgmembersync.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs API work on a fixed pool so that several requests are in flight while the shared rate limiters
 * decide the pace: at 150 ms per answer one thread could not use a large tenant's budget.
 */
public class ParallelCalls {

    private final ExecutorService workers;

    public ParallelCalls(ExecutorService workers) {
        this.workers = workers;
    }

    /** Runs {@code work} for each item and waits for all; the first failure is rethrown, the rest cancelled. */
    public <T> void forEach(Collection<T> items, Consumer<T> work) {
        List<Future<?>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(workers.submit(() -> work.accept(item)));
        }
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        }
        catch (ExecutionException ex) {
            futures.forEach(future -> future.cancel(false));
            awaitQuiet(futures);
            throw ex.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(ex.getCause());
        }
        catch (InterruptedException ex) {
            futures.forEach(future -> future.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    /** Lets running tasks finish their current call (queued ones were cancelled) before the step fails. */
    private static void awaitQuiet(List<Future<?>> futures) {
        for (Future<?> future : futures) {
            try {
                if (!future.isCancelled()) {
                    future.get();
                }
            }
            catch (Exception ignored) {
                // already failing with the first error
            }
        }
    }
}
