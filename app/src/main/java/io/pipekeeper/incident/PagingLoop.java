package io.pipekeeper.incident;

import io.pipekeeper.notify.DeliveryLoop;
import io.pipekeeper.store.Bell;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incidents loop and the delivery loop, each on a thread of its own, so that sending never holds up turning
 * signals into incidents: each runs a pass as soon as the work it waits for commits ({@link Bell}: a signal, a
 * queued page; from other processes too on PostgreSQL), and a pass every {@code every} (250 ms by default) for
 * what no bell announces (other processes' work on H2, pages that fall due, deadlines). The passes read little
 * when there is nothing new, and several processes may run them against one store.
 */
public final class PagingLoop implements AutoCloseable {
    public static final Duration DEFAULT_EVERY = Duration.ofMillis(250);
    /**
     * How long the delivery loop waits after a page is queued before its pass, so that pages committed together (two
     * escalation steps due at one instant, an incident and its notices) are seen together and bundled into one message.
     */
    static final Duration GATHER = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(PagingLoop.class);

    private final Clocked incidents;
    /** The incidents loop's thread, woken to handle new signals only (the deadlines and recoveries wait for the poll). */
    private final Clocked newSignals;
    private final Clocked delivery;
    private final List<AutoCloseable> listening = new ArrayList<>();
    private final Jdbi jdbi;

    public PagingLoop(IncidentLoop incidents, DeliveryLoop delivery, Supplier<Instant> clock) {
        this.incidents = new Clocked("pipekeeper-incidents", () -> incidents.runOnce(clock.get()), clock);
        this.newSignals = this.incidents.alongside(incidents::handleNew);
        this.delivery = new Clocked("pipekeeper-delivery", () -> delivery.runOnce(clock.get()), clock);
        this.jdbi = incidents.jdbi();
    }

    public PagingLoop start(Duration every) {
        incidents.start(every);
        delivery.start(every);
        listening.add(Bell.SIGNALS.listen(newSignals::wake));
        listening.add(Bell.OUTBOX.listen(() -> delivery.wake(GATHER)));
        listening.add(Bell.acrossProcesses(jdbi, Duration.ofSeconds(5)));
        return this;
    }

    /** One pass of each loop, now, on the caller's thread: signals to incidents (with their first pages in the outbox), then the pages due. */
    public void pass() {
        incidents.pass();
        delivery.pass();
    }

    /** When both loops last finished a pass without error (the older of the two); empty before both have (the health check reads it). */
    public Optional<Instant> lastPass() {
        Optional<Instant> a = incidents.lastPass();
        Optional<Instant> b = delivery.lastPass();
        return a.isEmpty() || b.isEmpty() ? Optional.empty() : Optional.of(a.get().isBefore(b.get()) ? a.get() : b.get());
    }

    /** Stops after the passes in progress, if any. */
    @Override
    public void close() throws InterruptedException {
        for (AutoCloseable listener : listening) {
            try {
                listener.close();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("a bell's listener does not throw", e);
            }
        }
        incidents.close();
        delivery.close();
    }

    /** One loop on its thread: a pass every so often, and one soon after a wake however many wakes come before it starts. */
    private static final class Clocked {
        private final Runnable work;
        private final Supplier<Instant> clock;
        private final AtomicReference<Instant> lastPass = new AtomicReference<>();
        private final AtomicBoolean woken = new AtomicBoolean();
        private final ScheduledExecutorService thread;

        Clocked(String name, Runnable work, Supplier<Instant> clock) {
            this.work = work;
            this.clock = clock;
            this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread t = new Thread(runnable, name);
                t.setDaemon(true);
                return t;
            });
        }

        private Clocked(Clocked thread, Runnable work) {
            this.work = work;
            this.clock = thread.clock;
            this.thread = thread.thread;
        }

        /** Other work on this loop's thread, run when woken (never by the poll). */
        Clocked alongside(Runnable other) {
            return new Clocked(this, other);
        }

        void start(Duration every) {
            thread.scheduleWithFixedDelay(this::pass, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }

        void wake() {
            wake(Duration.ZERO);
        }

        /** A pass {@code after} from now, however many wakes come before it starts. */
        void wake(Duration after) {
            if (woken.compareAndSet(false, true)) {
                try {
                    thread.schedule(() -> {
                        woken.set(false);
                        pass();
                    }, after.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    woken.set(false); // the loop is closing; nothing is lost, the next process's poll finds the work
                }
            }
        }

        void pass() {
            try {
                work.run();
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

        Optional<Instant> lastPass() {
            return Optional.ofNullable(lastPass.get());
        }

        void close() throws InterruptedException {
            thread.shutdown();
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        }
    }

    /**
     * Whether H2 closed the store because the process is stopping (its exit hook may run before ours stops this
     * loop; it cannot be turned off with AUTO_SERVER): the pass is cut short, and nothing it decided is lost.
     */
    private static boolean closedForShutdown(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && (sql.getErrorCode() == H2_CLOSED_AT_SHUTDOWN || sql.getErrorCode() == H2_CLOSING)) {
                return true;
            }
        }
        return false;
    }

    /** H2's DATABASE_CALLED_AT_SHUTDOWN. */
    private static final int H2_CLOSED_AT_SHUTDOWN = 90121;
    /** H2's DATABASE_IS_IN_EXCLUSIVE_MODE: pipekeeper never asks for it; H2's exit hook holds the store so while it closes it. */
    private static final int H2_CLOSING = 90135;
}
