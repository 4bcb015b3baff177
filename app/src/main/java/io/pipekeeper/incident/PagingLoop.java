package io.pipekeeper.incident;

import io.pipekeeper.notify.DeliveryLoop;
import io.pipekeeper.signal.SignalBell;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signal and delivery loops on a thread of their own: a pass as soon as a signal raised in this process commits
 * ({@link SignalBell}), and a pass every {@code every} (250 ms by default) for signals other processes raised and
 * pages that fall due. The passes read little when there is nothing new, and several processes may run them against
 * one store.
 */
public final class PagingLoop implements AutoCloseable {
    public static final Duration DEFAULT_EVERY = Duration.ofMillis(250);
    private static final Logger LOG = LoggerFactory.getLogger(PagingLoop.class);

    private final IncidentLoop incidents;
    private final DeliveryLoop delivery;
    private final Supplier<Instant> clock;
    private final AtomicReference<Instant> lastPass = new AtomicReference<>();
    /** Whether a pass the bell asked for is waiting to run: a burst of signals asks for one pass, not one each. */
    private final java.util.concurrent.atomic.AtomicBoolean woken = new java.util.concurrent.atomic.AtomicBoolean();
    private AutoCloseable listening;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "pipekeeper-paging");
        t.setDaemon(true);
        return t;
    });

    public PagingLoop(IncidentLoop incidents, DeliveryLoop delivery, Supplier<Instant> clock) {
        this.incidents = incidents;
        this.delivery = delivery;
        this.clock = clock;
    }

    public PagingLoop start(Duration every) {
        thread.scheduleWithFixedDelay(this::pass, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        listening = SignalBell.listen(this::wake);
        return this;
    }

    /** A signal committed in this process: one pass soon, however many signals ring before it starts. */
    private void wake() {
        if (woken.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    woken.set(false);
                    pass();
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                woken.set(false); // the loop is closing; nothing is lost, the next process's poll finds the signal
            }
        }
    }

    /** One pass: signals to incidents (with their first pages in the outbox), then the pages that are due. */
    public void pass() {
        try {
            incidents.runOnce(clock.get());
            delivery.runOnce(clock.get());
            lastPass.set(clock.get());
        } catch (RuntimeException e) {
            if (closedForShutdown(e)) {
                LOG.debug("paging pass stopped: the process is stopping");
                return;
            }
            // The store may be briefly unreachable; the next pass tries again and nothing decided is lost.
            LOG.warn("paging pass failed, trying again: {}", e.getMessage());
        }
    }

    /**
     * Whether H2 closed the store because the process is stopping (its exit hook may run before ours stops this
     * loop; it cannot be turned off with AUTO_SERVER): the pass is cut short, and nothing it decided is lost.
     */
    private static boolean closedForShutdown(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && sql.getErrorCode() == H2_CLOSED_AT_SHUTDOWN) {
                return true;
            }
        }
        return false;
    }

    /** H2's DATABASE_CALLED_AT_SHUTDOWN. */
    private static final int H2_CLOSED_AT_SHUTDOWN = 90121;

    /** When the last pass finished without error; empty before the first (the health check reads it). */
    public Optional<Instant> lastPass() {
        return Optional.ofNullable(lastPass.get());
    }

    /** Stops after the pass in progress, if any. */
    @Override
    public void close() throws InterruptedException {
        if (listening != null) {
            try {
                listening.close();
            } catch (Exception e) {
                throw new IllegalStateException("the signal bell's listener does not throw", e);
            }
        }
        thread.shutdown();
        if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
            thread.shutdownNow();
        }
    }
}
