package dev.orgmembersync.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final int threads;
    private volatile boolean closing;

    public ParallelCalls(AsyncTaskExecutor workers, int threads) {
        this.workers = workers;
        this.threads = threads;
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

    /**
     * Runs {@code work} for each item, at most {@code lanes} at once and started in the order given, so items finish
     * about in that order; otherwise as {@link #forEach}. Each lane takes one item at a time and then goes back to
     * the end of the pool's queue, so other work given to the pool meanwhile (the steps that run side by side share
     * it) waits for one item, not for all of them. For work that later work waits for item by item: organizations'
     * listings, batches of one organization after another.
     */
    public <T> void forEachInOrder(Collection<T> items, int lanes, Consumer<T> work) {
        Queue<T> queue = new ConcurrentLinkedQueue<>(items);
        Outcome outcome = new Outcome();
        int count = Math.max(1, Math.min(lanes, items.size()));
        AtomicInteger open = new AtomicInteger(count);
        CompletableFuture<Void> done = new CompletableFuture<>();
        for (int lane = 0; lane < count; lane++) {
            nextInLane(queue, work, outcome, open, done);
        }
        // join() ignores interrupts: every item that started gets to finish and record its outcome
        done.join();
        outcome.rethrow();
    }

    private <T> void nextInLane(Queue<T> queue, Consumer<T> work, Outcome outcome, AtomicInteger open,
            CompletableFuture<Void> done) {
        try {
            workers.execute(() -> {
                T item = outcome.failure.get() == null && !closing ? queue.poll() : null;
                if (item == null) {
                    outcome.skippedForClose |= closing && !queue.isEmpty();
                    closeLane(open, done);
                    return;
                }
                runUnlessStopped(item, work, outcome);
                nextInLane(queue, work, outcome, open, done);
            });
        }
        catch (TaskRejectedException ex) {
            // the pool shut down while items were being handed over: the application is closing
            outcome.fail(ex);
            closeLane(open, done);
        }
    }

    private static void closeLane(AtomicInteger open, CompletableFuture<Void> done) {
        if (open.decrementAndGet() == 0) {
            done.complete(null);
        }
    }

    /** The pool's threads: lanes enough to use all of them. */
    public int threads() {
        return threads;
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
