package dev.orgmembersync.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;

/**
 * Runs API work on a fixed pool so that several requests are in flight while the shared rate limiters
 * decide the pace: at 150 ms per answer one thread could not use a large tenant's budget.
 * <p>
 * A call already sent may have been applied by Auth0, so it is never interrupted: after the first failure
 * (or once the application is closing) no further item starts, every item already started finishes and
 * records its outcome, and only then does {@link #forEach} fail.
 */
public class ParallelCalls implements AutoCloseable {

    private final AsyncTaskExecutor workers;
    private volatile boolean closing;

    public ParallelCalls(AsyncTaskExecutor workers) {
        this.workers = workers;
    }

    /** Runs {@code work} for each item and waits for all that started; the first failure is rethrown. */
    public <T> void forEach(Collection<T> items, Consumer<T> work) {
        Outcome outcome = new Outcome();
        List<CompletableFuture<Void>> submitted = new ArrayList<>(items.size());
        try {
            for (T item : items) {
                submitted.add(workers.submitCompletable(() -> runUnlessStopped(item, work, outcome)));
            }
        }
        catch (TaskRejectedException ex) {
            // the pool shut down while items were being handed over: the application is closing
            outcome.fail(ex);
        }
        // join() ignores interrupts: every item that started gets to finish and record its outcome
        CompletableFuture.allOf(submitted.toArray(CompletableFuture[]::new)).join();
        outcome.rethrow();
    }

    private <T> void runUnlessStopped(T item, Consumer<T> work, Outcome outcome) {
        if (outcome.failure.get() != null) {
            return;
        }
        if (closing) {
            outcome.skippedForClose = true;
            return;
        }
        try {
            work.accept(item);
        }
        catch (RuntimeException | Error ex) {
            outcome.fail(ex);
        }
    }

    /** Called at context close, before the pool shuts down: items not started yet are left for the next run. */
    @Override
    public void close() {
        closing = true;
    }

    /** What one {@link #forEach} came to, shared by its items: the first failure stops the ones not started. */
    private static final class Outcome {

        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean skippedForClose;

        void fail(Throwable cause) {
            failure.compareAndSet(null, cause);
        }

        void rethrow() {
            Throwable first = failure.get();
            if (first instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (first instanceof Error error) {
                throw error;
            }
            if (skippedForClose) {
                throw new IllegalStateException("stopped before the end: the application is shutting down");
            }
        }
    }
}
