package io.pipekeeper.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes a loop the moment the work it waits for commits, instead of at its next poll: new signals wake the
 * incidents loop, new pages the delivery loop. In this process the bell rings after the transaction commits
 * (Jdbi's after-commit hook); on PostgreSQL it also sends {@code NOTIFY} inside the transaction, which the database
 * delivers at commit to every process that {@link #acrossProcesses listens}. H2 has no such message: a process
 * sharing an H2 store finds the work of the others by polling, which stays the safety net everywhere.
 */
public enum Bell {
    /** A signal was raised. */
    SIGNALS,
    /** A message was queued in the outbox. */
    OUTBOX;

    /** The Jdbi attribute that marks a PostgreSQL store, whose transactions also send {@code NOTIFY}. */
    static final String NOTIFIES = "pipekeeper.bell.notifies";
    private static final Logger LOG = LoggerFactory.getLogger(Bell.class);

    private final Set<Runnable> listeners = new CopyOnWriteArraySet<>();

    /** The PostgreSQL channel: {@code pipekeeper_signals}, {@code pipekeeper_outbox}. */
    String channel() {
        return "pipekeeper_" + name().toLowerCase(Locale.ROOT);
    }

    /** Rings when the caller's transaction commits (at once without one). */
    public void ring(Handle handle) {
        if (Boolean.TRUE.equals(handle.getConfig(SqlStatements.class).getAttribute(NOTIFIES))) {
            handle.createQuery("SELECT pg_notify(:channel, '')").bind("channel", channel()).mapTo(String.class).one();
        }
        if (handle.isInTransaction()) {
            handle.afterCommit(this::ringHere);
        } else {
            ringHere();
        }
    }

    /** Calls {@code listener} (quickly: it runs on the committer's thread) each time the bell rings, until the returned handle is closed. */
    public AutoCloseable listen(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void ringHere() {
        listeners.forEach(Runnable::run);
    }

    /** Marks {@code jdbi} as a PostgreSQL store's: its transactions send {@code NOTIFY} when they ring. */
    static void notifyThrough(Jdbi jdbi) {
        jdbi.define(NOTIFIES, true);
    }

    /**
     * On PostgreSQL, hears the bells rung by every process sharing the store, on a connection of its own, until
     * closed; on H2 does nothing. A lost connection is opened again after {@code retry}; meanwhile the loops poll.
     */
    public static AutoCloseable acrossProcesses(Jdbi jdbi, Duration retry) {
        if (!Boolean.TRUE.equals(jdbi.getConfig(SqlStatements.class).getAttribute(NOTIFIES))) {
            return () -> {
            };
        }
        AtomicBoolean open = new AtomicBoolean(true);
        Thread thread = new Thread(() -> {
            while (open.get()) {
                try (Handle handle = jdbi.open()) {
                    hear(handle.getConnection(), open);
                } catch (RuntimeException | SQLException e) {
                    if (open.get()) {
                        LOG.warn("cannot listen for other processes' work, polling meanwhile: {}", e.getMessage());
                        sleep(retry);
                    }
                }
            }
        }, "pipekeeper-bell");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            open.set(false); // the thread sees it within its 500 ms wait and gives its connection back
            thread.join(Duration.ofSeconds(5).toMillis());
        };
    }

    private static void hear(Connection connection, AtomicBoolean open) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            for (Bell bell : values()) {
                statement.execute("LISTEN " + bell.channel());
            }
        }
        PGConnection postgres = connection.unwrap(PGConnection.class);
        // Whatever committed before LISTEN was found by the poll; from here on, every commit that rings is heard.
        for (Bell bell : values()) {
            bell.ringHere();
        }
        while (open.get()) {
            PGNotification[] heard = postgres.getNotifications(500);
            if (heard != null) {
                EnumSet<Bell> rung = EnumSet.noneOf(Bell.class);
                for (PGNotification notification : heard) {
                    for (Bell bell : values()) {
                        if (bell.channel().equals(notification.getName())) {
                            rung.add(bell);
                        }
                    }
                }
                rung.forEach(Bell::ringHere);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
