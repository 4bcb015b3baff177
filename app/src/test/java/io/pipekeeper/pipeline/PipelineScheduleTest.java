package io.pipekeeper.pipeline;

import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.Signal;

import io.pipekeeper.engine.Engines;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.testhelper.ManualScheduler;
import com.github.kagkarlsson.scheduler.testhelper.SettableClock;
import com.github.kagkarlsson.scheduler.testhelper.TestHelper;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.sample.SampleData;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedules through a real db-scheduler on the store, with its clock moved by hand. */
class PipelineScheduleTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @TempDir
    Path dir;
    private Catalog catalog;
    private Store store;
    private RunStore runs;
    private List<RecurringTask<Void>> tasks;
    private final SettableClock clock = new SettableClock();

    @BeforeEach
    void setUp() {
        catalog = new ConfigLoader().load(SeedText.writeTo(dir), "pipekeeper.yaml");
        new SampleData(catalog).generate(new SampleData.Options(LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 7), 0.002, 1, List.of()),
                day -> { });
        store = Store.open(TestDatabases.freshH2());
        runs = new RunStore(store.jdbi());
        PipelineRunner runner = new PipelineRunner(catalog, runs, Engines.duckDbOnly(), d -> { }, Instant::now);
        tasks = new PipelineSchedule(catalog, () -> runner, runs, clock::now).tasks();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private static Instant local(int day, int hour, int minute) {
        return LocalDateTime.of(2026, 11, day, hour, minute).atZone(NEW_YORK).toInstant();
    }

    /** A scheduler on the shared clock, set to {@code now}: two of them are two processes on one store. */
    private ManualScheduler scheduler(Instant now) {
        clock.set(now);
        ManualScheduler scheduler = TestHelper.createManualScheduler(store.dataSource(), List.of())
                .clock(clock).startTasks(tasks).build();
        scheduler.start();
        return scheduler;
    }

    private List<LocalDate> succeededDates(String pipeline) {
        return runs.runs(Optional.of(pipeline), Optional.empty(), Optional.empty()).stream()
                .filter(run -> run.status() == Run.Status.SUCCEEDED).map(Run::date).toList();
    }

    @Test
    void each_pipeline_runs_at_its_cron_for_the_day_before_upstream_first() {
        ManualScheduler scheduler = scheduler(local(8, 4, 0));
        scheduler.setTime(local(8, 5, 0));
        scheduler.runAnyDueExecutions();
        assertThat(succeededDates("unit_profit")).containsExactly(LocalDate.of(2026, 11, 7));
        assertThat(succeededDates("daily_growth")).containsExactly(LocalDate.of(2026, 11, 7));
        assertThat(succeededDates("aggregate_profit")).as("its cron is 06:00").isEmpty();

        scheduler.setTime(local(8, 6, 0));
        scheduler.runAnyDueExecutions();
        scheduler.setTime(local(8, 8, 0));
        scheduler.runAnyDueExecutions();
        for (String pipeline : catalog.pipelines().keySet()) {
            assertThat(succeededDates(pipeline)).as(pipeline).containsExactly(LocalDate.of(2026, 11, 7));
        }
        assertThat(runs.signals().all()).as("every deadline met").isEmpty();
    }

    @Test
    void a_missed_deadline_raises_one_signal_saying_why() {
        ManualScheduler scheduler = scheduler(local(9, 4, 0));
        scheduler.setTime(local(9, 5, 0));
        scheduler.runAnyDueExecutions();
        scheduler.setTime(local(9, 7, 0));
        scheduler.runAnyDueExecutions();
        scheduler.runAnyDueExecutions();

        List<Signal> missed = runs.signals().all().stream().filter(s -> s.kind().equals(Kind.DEADLINE_MISSED)).toList();
        assertThat(missed).extracting(Signal::subject).containsExactlyInAnyOrder("unit_profit", "daily_growth");
        Signal unitProfit = missed.stream().filter(s -> s.subject().equals("unit_profit")).findFirst().orElseThrow();
        assertThat(unitProfit.date()).contains(LocalDate.of(2026, 11, 8));
        assertThat(unitProfit.detail()).startsWith("unit_profit missed its 07:00 deadline for 2026-11-08: its last run blocked:"
                + " source orders has no partition for 2026-11-08");
    }

    @Test
    void after_downtime_the_first_run_catches_up_the_days_it_missed() {
        ManualScheduler scheduler = scheduler(local(5, 4, 0));
        scheduler.setTime(local(5, 5, 0));
        scheduler.runAnyDueExecutions();
        assertThat(succeededDates("unit_profit")).containsExactly(LocalDate.of(2026, 11, 4));

        scheduler.setTime(local(8, 5, 30));
        scheduler.runAnyDueExecutions();
        assertThat(succeededDates("unit_profit")).containsExactly(
                LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 5), LocalDate.of(2026, 11, 6), LocalDate.of(2026, 11, 7));
    }

    @Test
    void a_cron_with_both_day_fields_fires_on_either_as_crontab_does() {
        Catalog fridaysAndThirteenths = new ConfigLoader().load(SeedText.writeTo(dir.resolve("fridays"), SeedText.replace(SeedText.text(),
                "schedule: {cron: \"30 5 * * *\"", "schedule: {cron: \"30 5 13 * 5\"")), "pipekeeper.yaml");
        String pipeline = fridaysAndThirteenths.pipelines().values().stream()
                .filter(p -> p.schedule().cronText().equals("30 5 13 * 5")).findFirst().orElseThrow().id();
        PipelineRunner runner = new PipelineRunner(fridaysAndThirteenths, runs, Engines.duckDbOnly(), d -> { }, Instant::now);
        List<RecurringTask<Void>> scheduled = new PipelineSchedule(fridaysAndThirteenths, () -> runner, runs, clock::now).tasks();
        clock.set(LocalDateTime.of(2026, 12, 1, 0, 0).atZone(NEW_YORK).toInstant());
        ManualScheduler scheduler = TestHelper.createManualScheduler(store.dataSource(), List.of()).clock(clock).startTasks(scheduled).build();
        scheduler.start();

        List<LocalDateTime> fired = new java.util.ArrayList<>();
        TaskInstanceId id = TaskInstanceId.of("run:" + pipeline, RecurringTask.INSTANCE);
        for (int i = 0; i < 4; i++) {
            Instant due = scheduler.getScheduledExecution(id).orElseThrow().getExecutionTime();
            fired.add(LocalDateTime.ofInstant(due, NEW_YORK));
            scheduler.setTime(due);
            scheduler.runAnyDueExecutions();
        }

        assertThat(fired).as("Friday 4, Friday 11, Sunday 13, Friday 18 December").containsExactly(
                LocalDateTime.of(2026, 12, 4, 5, 30), LocalDateTime.of(2026, 12, 11, 5, 30),
                LocalDateTime.of(2026, 12, 13, 5, 30), LocalDateTime.of(2026, 12, 18, 5, 30));
    }

    @Test
    void two_schedulers_on_one_store_run_each_due_pipeline_once() {
        ManualScheduler first = scheduler(local(8, 4, 0));
        ManualScheduler second = scheduler(local(8, 4, 0));
        first.setTime(local(8, 5, 0));
        second.setTime(local(8, 5, 0));
        first.runAnyDueExecutions();
        second.runAnyDueExecutions();
        assertThat(runs.runs(Optional.of("unit_profit"), Optional.empty(), Optional.empty())).hasSize(1);
    }
}
