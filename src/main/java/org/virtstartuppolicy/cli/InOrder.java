package org.virtstartuppolicy.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Works on items with several threads and hands each result on in the items' order, on the
 * calling thread, as soon as it and all before it are done. Only a few items are in work or
 * waiting at any time, so memory does not grow with the number of items: a whole host streams
 * through. Work that throws stops the run there, as it would alone: what came before has been
 * handed on, nothing after is.
 */
final class InOrder {
    /** Items in work or done but not yet handed on, per thread. */
    private static final int AHEAD = 8;

    private InOrder() {
    }

    /** The threads to use when not told: one per processor. */
    static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    static <T, R> void map(List<T> items, int threads, Function<T, R> work, Consumer<R> then) {
        if (threads <= 1 || items.size() <= 1) {
            items.forEach(item -> then.accept(work.apply(item)));
            return;
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "evaluate-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            Deque<Future<R>> pending = new ArrayDeque<>();
            for (T item : items) {
                if (pending.size() >= threads * AHEAD) {
                    then.accept(result(pending.removeFirst()));
                }
                pending.addLast(pool.submit(() -> work.apply(item)));
            }
            while (!pending.isEmpty()) {
                then.accept(result(pending.removeFirst()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> R result(Future<R> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
