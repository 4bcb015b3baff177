package io.pipekeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.SignalStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The bell that wakes the loops: after the commit in this process, and through PostgreSQL's NOTIFY across processes. */
class BellTest {
    private static final PendingSignal FAILED = new PendingSignal(Kind.RUN_FAILED, "daily_growth", LocalDate.of(2026, 12, 1), "failed", Map.of());

    @Test
    void a_signal_rings_once_its_transaction_commits_and_not_when_it_rolls_back() throws Exception {
        try (Store store = Store.open(TestDatabases.freshH2())) {
            Semaphore rung = new Semaphore(0);
            try (AutoCloseable listening = Bell.SIGNALS.listen(rung::release)) {
                store.jdbi().useTransaction(handle -> {
                    SignalStore.raise(handle, FAILED, Optional.empty(), Instant.now());
                    assertThat(rung.availablePermits()).as("not before the commit").isZero();
                });
                assertThat(rung.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
                try {
                    store.jdbi().useTransaction(handle -> {
                        SignalStore.raise(handle, FAILED, Optional.empty(), Instant.now());
                        throw new IllegalStateException("rolled back");
                    });
                } catch (IllegalStateException expected) {
                    // the signal is gone, and so is its ring
                }
                assertThat(rung.tryAcquire(300, TimeUnit.MILLISECONDS)).isFalse();
            }
        }
    }

    @Test
    void on_postgresql_a_commit_notifies_every_listening_connection() throws Exception {
        StoreLocation location = TestDatabases.freshPostgres();
        try (Store store = Store.open(location);
             Connection other = DriverManager.getConnection(location.url(), location.user().orElse(""), location.password().orElse(""))) {
            try (Statement listen = other.createStatement()) {
                listen.execute("LISTEN pipekeeper_signals");
            }
            new SignalStore(store.jdbi()).raise(FAILED, Instant.now());
            PGNotification[] heard = other.unwrap(PGConnection.class).getNotifications(5000);
            assertThat(heard).isNotNull().extracting(PGNotification::getName).contains("pipekeeper_signals");
        }
    }

    @Test
    void on_postgresql_a_process_hears_what_another_process_committed() throws Exception {
        StoreLocation location = TestDatabases.freshPostgres();
        try (Store store = Store.open(location)) {
            Semaphore rung = new Semaphore(0);
            try (AutoCloseable listening = Bell.OUTBOX.listen(rung::release);
                 AutoCloseable across = Bell.acrossProcesses(store.jdbi(), Duration.ofMillis(200))) {
                rung.tryAcquire(5, TimeUnit.SECONDS); // the ring it gives once it listens, for what committed before
                rung.drainPermits();
                // Another process's transaction, on a connection of its own that this process never rang from.
                try (Connection other = DriverManager.getConnection(location.url(), location.user().orElse(""), location.password().orElse(""));
                     Statement statement = other.createStatement()) {
                    statement.execute("NOTIFY pipekeeper_outbox");
                }
                assertThat(rung.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Test
    void on_h2_listening_across_processes_does_nothing() throws Exception {
        try (Store store = Store.open(TestDatabases.freshH2());
             AutoCloseable across = Bell.acrossProcesses(store.jdbi(), Duration.ofSeconds(1))) {
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().equals("pipekeeper-bell"));
        }
    }
}
