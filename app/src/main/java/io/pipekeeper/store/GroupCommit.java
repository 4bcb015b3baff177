package io.pipekeeper.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Small writes from many threads committed together: each caller's work joins whatever else is waiting in one
 * transaction, on one committer thread, and {@link #write} returns once that transaction has committed. A store
 * commits a few thousand times a second at best (H2 writes a chunk, PostgreSQL flushes its log); ingest that
 * answers each request only after its row is durable would be held to that rate, one request per commit. Work
 * that fails is retried alone, so that one bad write fails its own caller only; so it must be safe to run twice
 * (its first run rolled back), which any work that only writes through the handle is.
 */
final class GroupCommit implements AutoCloseable {
    /** At most this many callers' work in one transaction. */
    static final int MAX_BATCH = 500;

    private record Work(HandleConsumer<? extends Exception> writes, CompletableFuture<Void> committed) {
    }

    private final Jdbi jdbi;
    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean closing;

    GroupCommit(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.committer = new Thread(this::commitWhileOpen, "pipekeeper-group-commit");
        this.committer.setDaemon(true);
        this.committer.start();
    }

    /** Runs {@code writes} in a transaction shared with other callers' and returns once it has committed; a failure of the work or the store is thrown here. */
    void write(HandleConsumer<? extends Exception> writes) {
        if (closing) {
            throw new IllegalStateException("the store is closing");
        }
        Work work = new Work(writes, new CompletableFuture<>());
        queue.add(work);
        try {
            while (true) {
                try {
                    work.committed().get(1, TimeUnit.SECONDS);
                    return;
                } catch (TimeoutException e) {
                    if (!committer.isAlive() && queue.remove(work)) {
                        throw new IllegalStateException("the store closed before this write was committed");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    private void commitWhileOpen() {
        List<Work> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Work first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                closing = true;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Work> batch) {
        try {
            jdbi.useTransaction(handle -> {
                for (Work work : batch) {
                    work.writes().useHandle(handle);
                }
            });
            batch.forEach(work -> work.committed().complete(null));
        } catch (Exception | Error e) {
            if (batch.size() == 1) {
                batch.get(0).committed().completeExceptionally(e);
            } else {
                batch.forEach(work -> commit(List.of(work)));
            }
        }
    }

    /** Commits what is queued, then stops; callers arriving later are refused. */
    @Override
    public void close() {
        closing = true;
        try {
            committer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
