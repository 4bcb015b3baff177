package io.pipekeeper.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentLoop;
import io.pipekeeper.incident.IncidentStore;
import io.pipekeeper.sample.Fault;
import io.pipekeeper.sample.SampleData;
import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.Signal;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A pipeline triggered by arrival runs once its late partition is there, raising nothing before its deadline; on H2 and PostgreSQL. */
class ArrivalTriggerTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);

    @TempDir
    Path dir;

    /** The seed, unit_profit triggered by arrival, its data with the day's orders not there yet. */
    private Catalog seedWaitingForOrders() throws Exception {
        SeedText.writeTo(dir, SeedText.replace(SeedText.text(), "    schedule: {cron: \"0 5 * * *\", deadline: \"07:00\"}\n    inputs: {orders",
                "    schedule: {cron: \"0 5 * * *\", deadline: \"07:00\", trigger: arrival}\n    inputs: {orders"));
        Catalog catalog = new ConfigLoader().load(dir.resolve("pipekeeper.yaml"), "pipekeeper.yaml");
        new SampleData(catalog).generate(new SampleData.Options(DAY, DAY, 0.001, 5,
                List.of(new Fault(Fault.Kind.MISSING_PARTITION, "orders", Optional.empty(), DAY))), day -> { });
        settle(local(DAY, 12, 0)); // written on the day, long before the clocks these tests move
        return catalog;
    }

    private void settle(Instant at) throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("data/raw"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FileTime.from(at));
            }
        }
    }

    private static Instant local(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).atZone(NEW_YORK).toInstant();
    }

    /** The day's orders arrive at {@code writtenAt} (the generator writes every source again; all get that time). */
    private void ordersArrive(Catalog catalog, Instant writtenAt) throws Exception {
        new SampleData(catalog).generate(new SampleData.Options(DAY, DAY, 0.001, 5, List.of()), day -> { });
        settle(writtenAt);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void a_late_partition_before_the_deadline_runs_the_pipeline_once_and_raises_nothing(Supplier<StoreLocation> database) throws Exception {
        Catalog catalog = seedWaitingForOrders();
        try (Store store = Store.open(database.get()); Engines engines = Engines.load(catalog)) {
            RunStore runs = new RunStore(store.jdbi());
            PipelineSchedule schedule = new PipelineSchedule(catalog, () -> new PipelineRunner(catalog, runs, engines, d -> { }, Instant::now),
                    runs, Instant::now);

            assertThat(schedule.runArrived(local(DAY.plusDays(1), 4, 59))).as("before its cron, the day is not due").isEmpty();
            assertThat(schedule.runArrived(local(DAY.plusDays(1), 5, 30))).as("due, but the orders are late").isEmpty();
            assertThat(runs.runs(Optional.of("unit_profit"), Optional.of(DAY), Optional.of(DAY))).isEmpty();
            assertThat(runs.signals().all()).as("late, not yet a problem").isEmpty();

            Instant arrived = local(DAY.plusDays(1), 6, 10);
            ordersArrive(catalog, arrived);
            assertThat(schedule.runArrived(arrived.plusSeconds(2))).as("still being written").isEmpty();
            List<Run> started = schedule.runArrived(arrived.plus(PipelineSchedule.QUIET));
            assertThat(started).extracting(Run::pipeline, Run::date, Run::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("unit_profit", DAY, Run.Status.SUCCEEDED));
            assertThat(schedule.runArrived(arrived.plus(Duration.ofMinutes(1)))).as("once").isEmpty();
            schedule.checkDeadline("unit_profit", local(DAY.plusDays(1), 7, 0));
            assertThat(runs.signals().all()).extracting(Signal::kind).as("no deadline missed, nothing blocked").doesNotContain(
                    Kind.DEADLINE_MISSED, Kind.RUN_BLOCKED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.pipekeeper.store.TestDatabases#both")
    void after_the_deadline_the_missed_deadline_incident_resolves_itself_once_the_late_run_succeeds(Supplier<StoreLocation> database)
            throws Exception {
        Catalog catalog = seedWaitingForOrders();
        try (Store store = Store.open(database.get()); Engines engines = Engines.load(catalog)) {
            RunStore runs = new RunStore(store.jdbi());
            IncidentStore incidents = new IncidentStore(store.jdbi());
            IncidentLoop loop = new IncidentLoop(catalog, incidents);
            PipelineSchedule schedule = new PipelineSchedule(catalog, () -> new PipelineRunner(catalog, runs, engines, d -> { }, Instant::now),
                    runs, Instant::now);
            Instant deadline = local(DAY.plusDays(1), 7, 0);
            schedule.checkDeadline("unit_profit", deadline);
            loop.runOnce(deadline);
            Incident missed = assertThat(incidents.list(true)).singleElement().actual();
            assertThat(missed.kind()).isEqualTo("deadline_missed");

            Instant arrived = local(DAY.plusDays(1), 9, 30);
            ordersArrive(catalog, arrived);
            assertThat(schedule.runArrived(arrived.plus(PipelineSchedule.QUIET))).extracting(Run::status).containsExactly(Run.Status.SUCCEEDED);
            loop.runOnce(arrived.plus(Duration.ofMinutes(1)));

            assertThat(incidents.find(missed.id()).orElseThrow().status()).as("%s", incidents.timeline(missed.id())).isEqualTo(Incident.Status.RESOLVED);
        }
    }
}
