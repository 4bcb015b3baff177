package io.pipekeeper.incident;

import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.engine.Engine;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.signal.Signal;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreLocation;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Signals become incidents, on H2 and on a real PostgreSQL. */
class IncidentLoopTest {
    private static final Catalog SEED = SeedText.load(SeedText.text());
    private static final LocalDate DAY = LocalDate.of(2026, 11, 7);

    private static void raise(RunStore runs, Kind kind, String subject, java.util.Map<String, ?> evidence, Instant at) {
        runs.signals().raise(new PendingSignal(kind, subject, DAY, subject + " " + kind + " for " + DAY, evidence), at);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void a_failed_pipeline_feeding_investors_is_critical_with_its_clocks_and_blast_radius(Supplier<StoreLocation> database) {
        try (Store store = Store.open(database.get())) {
            RunStore runs = new RunStore(store.jdbi());
            IncidentStore incidents = new IncidentStore(store.jdbi());
            Instant at = Instant.parse("2026-11-08T11:00:00Z");
            raise(runs, Kind.RUN_FAILED, "unit_profit", java.util.Map.of("attempts", 3), at);
            raise(runs, Kind.ANOMALY, "events", java.util.Map.of("check", "volume"), at);

            assertThat(new IncidentLoop(SEED, incidents).runOnce(at)).isEqualTo(2);

            Incident failed = incidents.list(true).get(0);
            assertThat(failed.severity()).as("unit_profit feeds aggregate_profit, for investors").isEqualTo("critical");
            assertThat(failed.status()).isEqualTo(Incident.Status.TRIGGERED);
            assertThat(failed.respondBy()).isEqualTo(at.plus(Duration.ofHours(1)));
            assertThat(failed.resolveBy()).isEqualTo(at.plus(Duration.ofHours(4)));
            assertThat(failed.blastRadius()).contains("pipelines: unit_profit, aggregate_profit", "aggregate_profit.profit_qtd");
            assertThat(incidents.list(true).get(1).severity()).as("anomalies are minor").isEqualTo("minor");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void a_repeat_while_open_counts_instead_of_opening_another_and_a_passing_run_resolves_it(Supplier<StoreLocation> database) {
        try (Store store = Store.open(database.get())) {
            RunStore runs = new RunStore(store.jdbi());
            IncidentStore incidents = new IncidentStore(store.jdbi());
            IncidentLoop loop = new IncidentLoop(SEED, incidents);
            Instant at = Instant.parse("2026-11-08T11:00:00Z");
            raise(runs, Kind.RUN_FAILED, "daily_growth", java.util.Map.of(), at);
            raise(runs, Kind.RUN_FAILED, "daily_growth", java.util.Map.of(), at.plusSeconds(60));
            loop.runOnce(at.plusSeconds(60));
            assertThat(incidents.list(true)).singleElement().satisfies(i -> {
                assertThat(i.count()).isEqualTo(2);
                assertThat(i.severity()).as("daily_growth feeds aggregate_growth, for investors").isEqualTo("critical");
            });

            long run = runs.start("daily_growth", DAY, "duckdb", at.plusSeconds(120));
            runs.finish(run, io.pipekeeper.pipeline.Run.Status.SUCCEEDED, 1, at.plusSeconds(180),
                    new Engine.Execution(1, 1, 1, 1, 1, Duration.ofSeconds(1)), "out", null, Optional.empty());
            loop.runOnce(at.plusSeconds(200));

            assertThat(incidents.list(true)).isEmpty();
            Incident resolved = incidents.list(false).get(0);
            assertThat(resolved.status()).isEqualTo(Incident.Status.RESOLVED);
            assertThat(incidents.timeline(resolved.id())).extracting(Incident.Event::kind).containsExactly("opened", "escalation", "repeat", "resolved");
            raise(runs, Kind.RUN_FAILED, "daily_growth", java.util.Map.of(), at.plusSeconds(300));
            loop.runOnce(at.plusSeconds(300));
            assertThat(incidents.list(true)).as("after resolution, a new signal opens a new incident").hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void responders_acknowledge_resolve_and_re_grade_and_the_clocks_move_with_the_severity(Supplier<StoreLocation> database) {
        try (Store store = Store.open(database.get())) {
            RunStore runs = new RunStore(store.jdbi());
            IncidentStore incidents = new IncidentStore(store.jdbi());
            Instant at = Instant.parse("2026-11-08T11:00:00Z");
            raise(runs, Kind.RUN_FAILED, "aggregate_profit", java.util.Map.of(), at);
            new IncidentLoop(SEED, incidents).runOnce(at);
            long id = incidents.list(true).get(0).id();
            IncidentActions actions = new IncidentActions(SEED, incidents);

            Incident major = actions.changeSeverity(id, "major", "emily", "only the margin is late", at.plusSeconds(600));
            assertThat(major.respondBy()).as("from the opening, not from now").isEqualTo(at.plus(Duration.ofHours(2)));
            assertThat(major.resolveBy()).isEqualTo(at.plus(Duration.ofHours(8)));

            Incident acknowledged = actions.acknowledge(id, "emily", at.plusSeconds(900));
            assertThat(acknowledged.acknowledgedBy()).contains("emily");
            assertThatThrownBy(() -> actions.acknowledge(id, "john", at.plusSeconds(950)))
                    .hasMessage("incident #" + id + " is already acknowledged (by emily)");
            actions.resolve(id, "emily", "re-ran after the fix", at.plusSeconds(1200));
            assertThat(incidents.timeline(id)).extracting(Incident.Event::text).contains(
                    "acknowledged by emily", "resolved by emily: re-ran after the fix");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void two_loops_on_one_store_handle_each_signal_once(Supplier<StoreLocation> database) throws Exception {
        try (Store store = Store.open(database.get())) {
            RunStore runs = new RunStore(store.jdbi());
            Instant at = Instant.parse("2026-11-08T11:00:00Z");
            List<String> subjects = List.of("unit_profit", "aggregate_profit", "daily_growth", "aggregate_growth", "aggregate_engagement");
            for (int i = 0; i < 40; i++) {
                raise(runs, Kind.RUN_FAILED, subjects.get(i % 5), java.util.Map.of(), at.plusSeconds(i));
            }
            IncidentLoop first = new IncidentLoop(SEED, new IncidentStore(store.jdbi()));
            IncidentLoop second = new IncidentLoop(SEED, new IncidentStore(store.jdbi()));
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    second.runOnce(at.plusSeconds(100));
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            other.start();
            first.runOnce(at.plusSeconds(100));
            other.join();
            assertThat(failure.get()).as("the other loop ran without an error").isNull();

            List<Incident> open = new IncidentStore(store.jdbi()).list(true);
            assertThat(open).as("aggregate_profit and aggregate_growth fail below unit_profit and daily_growth: impacts, not incidents")
                    .extracting(Incident::subject).containsExactlyInAnyOrder("unit_profit", "daily_growth", "aggregate_engagement");
            assertThat(open.stream().mapToInt(Incident::count).sum()).as("40 signals, each counted once").isEqualTo(40);
        }
    }
}
