package io.pipekeeper.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.incident.Impact;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentLoop;
import io.pipekeeper.incident.IncidentStore;
import io.pipekeeper.notify.Notice;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.pipeline.PipelineRunner;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.sample.Fault;
import io.pipekeeper.sample.SampleData;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corrupt orders file holds back the profit pipelines under one incident; once the file is replaced, pipekeeper
 * re-runs them in order, resolves the incident and tells who it paged; on H2 and a real PostgreSQL, with real
 * Parquet files and DuckDB.
 */
class RecoveryTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);

    @TempDir
    Path dir;

    /** The seed with email configured (pages are decided, none delivered), its data for four days, orders corrupt on the last. */
    private Catalog seedWithCorruptOrders() {
        SeedText.writeTo(dir, SeedText.replace(SeedText.text(), "version: 1\n\n", "version: 1\n\nchannels:\n  email:\n"
                + "    smtp: {host: 127.0.0.1, port: 2525, security: none}\n    from: \"pipekeeper <pipekeeper@example.com>\"\n\n"));
        Catalog catalog = new ConfigLoader().load(dir.resolve("pipekeeper.yaml"), "pipekeeper.yaml");
        new SampleData(catalog).generate(new SampleData.Options(DAY.minusDays(3), DAY, 0.001, 7,
                List.of(new Fault(Fault.Kind.CORRUPT_FILE, "orders", Optional.empty(), DAY))), day -> { });
        return catalog;
    }

    /**
     * Writes the day's orders again, now. The generator writes every source, each with the time it would have arrived
     * (the next morning): the replaced orders get the time they are written, as a new file does; the others stay old.
     */
    private void replaceOrders(Catalog catalog, List<Fault> faults) throws Exception {
        new SampleData(catalog).generate(new SampleData.Options(DAY, DAY, 0.001, 7, faults), day -> { });
        Instant now = Instant.now();
        Path orders = dir.resolve("data/raw/orders/date=" + DAY);
        try (Stream<Path> files = Files.walk(dir.resolve("data/raw"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FileTime.from(file.startsWith(orders) ? now : now.minusSeconds(3600 * 24 * 30)));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void a_replaced_source_reruns_what_it_held_back_in_dag_order_and_resolves_everything_once(Supplier<StoreLocation> database) throws Exception {
        Catalog catalog = seedWithCorruptOrders();
        try (Store store = Store.open(database.get()); Engines engines = Engines.load(catalog)) {
            RunStore runs = new RunStore(store.jdbi());
            IncidentStore incidents = new IncidentStore(store.jdbi());
            IncidentLoop loop = new IncidentLoop(catalog, incidents);
            Supplier<PipelineRunner> runner = () -> new PipelineRunner(catalog, runs, engines, duration -> { }, Instant::now);
            RecoveryStore recoveries = new RecoveryStore(store.jdbi());
            RecoveryLoop recovery = new RecoveryLoop(catalog, incidents, runs, recoveries, runner, Instant::now);

            for (LocalDate day = DAY.minusDays(3); day.isBefore(DAY); day = day.plusDays(1)) {
                runner.get().run(List.of(), day);
            }
            runner.get().run(List.of("unit_profit", "aggregate_profit"), DAY);
            loop.runOnce(Instant.now());
            Incident incident = assertThat(incidents.list(true)).as("one incident for the corrupt file").singleElement().actual();
            assertThat(incidents.impacts(incident.id())).extracting(Impact::subject).contains("aggregate_profit");
            store.jdbi().useHandle(handle -> handle.execute("UPDATE outbox SET status = 'sent'")); // as the delivery loop would
            assertThat(recovery.runOnce(Instant.now())).as("nothing has changed yet").isZero();

            Instant replaced = Instant.now();
            replaceOrders(catalog, List.of());
            assertThat(recovery.runOnce(replaced.plusSeconds(1))).as("the new file is still settling").isZero();
            assertThat(recovery.runOnce(Instant.now().plus(RecoveryLoop.QUIET))).as("one recovery").isEqualTo(1);
            assertThat(recovery.runOnce(Instant.now().plus(RecoveryLoop.QUIET))).as("and only one for that cause").isZero();
            loop.runOnce(Instant.now());

            List<Run> rerun = runs.runs(Optional.empty(), Optional.of(DAY), Optional.of(DAY)).stream()
                    .filter(run -> !run.startedAt().isBefore(replaced)).toList();
            assertThat(rerun).extracting(Run::pipeline, Run::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("unit_profit", Run.Status.SUCCEEDED),
                    org.assertj.core.groups.Tuple.tuple("aggregate_profit", Run.Status.SUCCEEDED));
            Incident resolved = incidents.find(incident.id()).orElseThrow();
            assertThat(resolved.status()).isEqualTo(Incident.Status.RESOLVED);
            assertThat(resolved.resolvedBy()).contains("pipekeeper");
            assertThat(incidents.impacts(incident.id())).filteredOn(Impact::heldBack).as("what it held back ran again")
                    .allSatisfy(impact -> assertThat(impact.recovered()).isTrue());
            assertThat(incidents.impacts(incident.id())).filteredOn(impact -> !impact.heldBack()).extracting(Impact::key)
                    .as("the replaced file came late: a warning, listed on the incident, paging nobody").containsExactly("orders|check_failed|freshness");
            assertThat(incidents.list(true)).as("and no incident of its own").isEmpty();
            assertThat(incidents.timeline(incident.id())).extracting(Incident.Event::text)
                    .anySatisfy(text -> assertThat(text).matches("orders for 2026-11-28 was replaced; re-ran unit_profit, aggregate_profit in \\d+\\.\\d s"));
            assertThat(new Outbox(store.jdbi()).all()).filteredOn(page -> page.notice() == Notice.RECOVERED).singleElement()
                    .satisfies(page -> assertThat(page.body()).contains("re-ran unit_profit, aggregate_profit"));
            assertThat(recoveries.of(incident.id())).singleElement().satisfies(done -> {
                assertThat(done.status()).isEqualTo(Recovery.Status.DONE);
                assertThat(done.runIds()).hasSize(2);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void a_replacement_that_is_still_bad_keeps_the_incident_open_and_says_which_and_why(Supplier<StoreLocation> database) throws Exception {
        Catalog catalog = seedWithCorruptOrders();
        try (Store store = Store.open(database.get()); Engines engines = Engines.load(catalog)) {
            RunStore runs = new RunStore(store.jdbi());
            IncidentStore incidents = new IncidentStore(store.jdbi());
            IncidentLoop loop = new IncidentLoop(catalog, incidents);
            Supplier<PipelineRunner> runner = () -> new PipelineRunner(catalog, runs, engines, duration -> { }, Instant::now);
            RecoveryLoop recovery = new RecoveryLoop(catalog, incidents, runs, new RecoveryStore(store.jdbi()), runner, Instant::now);
            runner.get().run(List.of("unit_profit", "aggregate_profit"), DAY);
            loop.runOnce(Instant.now());
            long id = incidents.list(true).get(0).id();

            replaceOrders(catalog, List.of(new Fault(Fault.Kind.CORRUPT_FILE, "orders", Optional.empty(), DAY)));
            assertThat(recovery.runOnce(Instant.now().plus(RecoveryLoop.QUIET))).isEqualTo(1);
            loop.runOnce(Instant.now());

            assertThat(incidents.list(true)).as("the same incident, still open").extracting(Incident::id).containsExactly(id);
            assertThat(incidents.timeline(id)).extracting(Incident.Event::text).anySatisfy(text -> assertThat(text)
                    .startsWith("orders for 2026-11-28 was replaced; nothing to re-run; still failing: unit_profit failed: ")
                    .endsWith("aggregate_profit not run: unit_profit did not recover — the incident stays open"));
        }
    }
}
