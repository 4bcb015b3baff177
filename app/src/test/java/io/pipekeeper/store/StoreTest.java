package io.pipekeeper.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipekeeper.PipekeeperException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The store on H2 and on a real PostgreSQL: the same migrations, the same SQL. */
class StoreTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void a_new_store_gets_every_migration(Supplier<StoreLocation> database) {
        try (Store store = Store.open(database.get())) {
            Store.Status status = store.status();
            List<String> migrations = migrationFiles();
            assertThat(status.schemaVersion()).isEqualTo(String.valueOf(migrations.size()));
            assertThat(status.applied()).hasSameSizeAs(migrations).startsWith("1 scheduler tasks", "2 oncall changes");
            assertThat(Store.LATEST_MIGRATION).as("the newest migration, by which a store already there skips Flyway").isEqualTo(status.schemaVersion());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void a_store_behind_the_code_is_migrated_when_opened(Supplier<StoreLocation> database) {
        StoreLocation location = database.get();
        Flyway.configure().dataSource(location.url(), location.user().orElse(""), location.password().orElse(""))
                .locations(Store.MIGRATIONS).target("20").load().migrate();
        try (Store store = Store.open(location)) {
            assertThat(store.status().schemaVersion()).isEqualTo(Store.LATEST_MIGRATION);
        }
        try (Store again = Store.open(location)) {
            assertThat(Store.upToDate(again.dataSource())).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void outbox_rows_written_with_negative_steps_become_notices_and_keep_their_order(Supplier<StoreLocation> database) {
        StoreLocation location = database.get();
        Flyway.configure().dataSource(location.url(), location.user().orElse(""), location.password().orElse(""))
                .locations(Store.MIGRATIONS).target("17").load().migrate();
        Jdbi.create(location.url(), location.user().orElse(""), location.password().orElse("")).useHandle(handle -> {
            handle.execute("""
                    INSERT INTO incidents (id, incident_key, title, severity, status, subject, kind, opened_at, respond_by, resolve_by, signal_count, version)
                    VALUES (1, 'k', 't', 'critical', 'triggered', 's', 'run_failed', TIMESTAMP '2026-12-01 00:00:00', TIMESTAMP '2026-12-01 01:00:00',
                            TIMESTAMP '2026-12-01 04:00:00', 1, 1)""");
            int[] steps = {0, 1, -1, -2, -50, -101, -99};
            for (int step : steps) {
                handle.createUpdate("""
                                INSERT INTO outbox (incident_id, step, person, channel, address, subject, body, status, attempts, next_attempt_at, created_at)
                                VALUES (:i, :step, 'john', 'email', 'john@example.com', 's', 'b', 'sent', 1, TIMESTAMP '2026-12-01 00:00:00',
                                        TIMESTAMP '2026-12-01 00:00:00')""")
                        .bind("i", step == -50 ? null : 1L).bind("step", step).execute();
            }
        });
        try (Store store = Store.open(location)) {
            List<String> rows = store.jdbi().withHandle(handle -> handle.createQuery("SELECT notice, step FROM outbox ORDER BY id")
                    .map((rs, ctx) -> rs.getString("notice") + " " + rs.getInt("step")).list());
            assertThat(rows).containsExactly("page 0", "page 1", "respond_breach 0", "resolve_breach 0", "handoff 0", "fallback 1", "fallback 0");
            store.jdbi().useHandle(handle -> handle.execute("""
                    INSERT INTO outbox (incident_id, notice, step, person, channel, address, subject, body, status, attempts, next_attempt_at, created_at)
                    VALUES (1, 'page', 2, 'john', 'email', 'a', 's', 'b', 'pending', 0, TIMESTAMP '2026-12-01 00:00:00', TIMESTAMP '2026-12-01 00:00:00')"""));
            long newest = store.jdbi().withHandle(handle -> handle.createQuery("SELECT max(id) FROM outbox").mapTo(Long.class).one());
            assertThat(newest).as("new rows are numbered after the copied ones").isEqualTo(8L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void reopening_keeps_the_data_and_applies_nothing_twice(Supplier<StoreLocation> database) {
        StoreLocation location = database.get();
        Instant due = Instant.parse("2026-12-01T10:00:00Z");
        try (Store store = Store.open(location)) {
            store.jdbi().useHandle(handle -> insertTask(handle, "run", "unit_profit/2026-12-01", due));
        }
        try (Store store = Store.open(location)) {
            assertThat(store.status().applied()).hasSameSizeAs(migrationFiles());
            OffsetDateTime stored = store.jdbi().withHandle(handle -> handle
                    .createQuery("SELECT execution_time FROM scheduled_tasks WHERE task_instance = :id")
                    .bind("id", "unit_profit/2026-12-01")
                    .mapTo(OffsetDateTime.class)
                    .one());
            assertThat(stored.toInstant()).isEqualTo(due);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void the_primary_key_refuses_a_second_copy_of_one_timer(Supplier<StoreLocation> database) {
        try (Store store = Store.open(database.get())) {
            Instant due = Instant.parse("2026-12-01T10:00:00Z");
            store.jdbi().useHandle(handle -> insertTask(handle, "escalate", "incident-7/step-2", due));
            assertThatThrownBy(() -> store.jdbi().useHandle(handle -> insertTask(handle, "escalate", "incident-7/step-2", due)))
                    .hasMessageContaining("scheduled_tasks");
        }
    }

    @Test
    void an_unreachable_postgresql_is_one_sentence_that_says_what_to_check() {
        StoreLocation nowhere = new StoreLocation("jdbc:postgresql://127.0.0.1:1/pipekeeper", Optional.of("pk"), Optional.of("secret"));
        assertThatThrownBy(() -> Store.open(nowhere))
                .isInstanceOf(PipekeeperException.class)
                .hasMessageStartingWith("cannot open the store at jdbc:postgresql://127.0.0.1:1/pipekeeper (user pk): ")
                .hasMessageContaining("check that PostgreSQL is running")
                .hasMessageNotContaining("secret");
    }

    /** The migration files the build packaged: V1__…sql, V2__…sql, … */
    private static List<String> migrationFiles() {
        try (var files = Files.list(Path.of(StoreTest.class.getResource("/io/pipekeeper/store/migration").toURI()))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V[0-9]+__.*\\.sql")).sorted().toList();
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void insertTask(Handle handle, String name, String instance, Instant due) {
        handle.createUpdate("""
                        INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)
                        VALUES (:name, :instance, :due, FALSE, 1)
                        """)
                .bind("name", name)
                .bind("instance", instance)
                .bind("due", OffsetDateTime.ofInstant(due, ZoneOffset.UTC))
                .execute();
    }
}
