package io.pipekeeper.pipeline;

import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.Signal;

import io.pipekeeper.engine.Engines;
import io.pipekeeper.engine.Engine;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapacityForecastTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 7);
    private final Catalog seed = SeedText.load(SeedText.text());
    private final Pipeline unitProfit = seed.pipeline("unit_profit");

    @TempDir
    Path dir;

    /** Runs of unit_profit for the days before today, each taking start + growth × days-ago-from-the-first. */
    private static List<Run> history(int days, Duration start, Duration growthPerDay) {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            LocalDate date = TODAY.minusDays(days - 1L - i);
            long wall = start.plus(growthPerDay.multipliedBy(i)).toMillis();
            runs.add(new Run(i, "unit_profit", date, Run.Status.SUCCEEDED, 1, Instant.EPOCH, Optional.of(Instant.EPOCH), wall, wall,
                    0, 0, 0, 0, Optional.empty(), Optional.empty(), "duckdb"));
        }
        return runs;
    }

    @Test
    void the_window_runs_from_the_cron_to_the_deadline_in_the_teams_zone() {
        assertThat(CapacityForecast.window(unitProfit, NEW_YORK, TODAY)).contains(Duration.ofHours(2));
        assertThat(CapacityForecast.window(seed.pipeline("aggregate_engagement"), NEW_YORK, TODAY)).contains(Duration.ofMinutes(150));
    }

    @Test
    void a_run_growing_five_minutes_a_day_is_predicted_to_miss_its_window_in_four_days() {
        List<Run> runs = history(20, Duration.ofMinutes(10), Duration.ofMinutes(5));
        // Today's run took 10 + 19 × 5 = 105 min; at 5 min a day it passes 120 min on the fourth day from today.
        Optional<CapacityForecast.Risk> risk = CapacityForecast.assess(unitProfit, NEW_YORK, runs, TODAY);
        assertThat(risk).isPresent();
        assertThat(risk.get().predictedDate()).isEqualTo(TODAY.plusDays(4));
        assertThat(risk.get().window()).isEqualTo(Duration.ofHours(2));
        assertThat(risk.get().slopeMillisPerDay()).isCloseTo(Duration.ofMinutes(5).toMillis(), org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void flat_growth_beyond_the_horizon_and_a_short_history_raise_nothing() {
        assertThat(CapacityForecast.assess(unitProfit, NEW_YORK, history(20, Duration.ofMinutes(30), Duration.ZERO), TODAY)).isEmpty();
        assertThat(CapacityForecast.assess(unitProfit, NEW_YORK, history(20, Duration.ofMinutes(10), Duration.ofSeconds(30)), TODAY))
                .as("1 h 40 min in 14 days at this pace: still fits").isEmpty();
        assertThat(CapacityForecast.assess(unitProfit, NEW_YORK, history(6, Duration.ofMinutes(10), Duration.ofMinutes(20)), TODAY))
                .as("six runs are too few to tell").isEmpty();
    }

    @Test
    void a_real_run_on_top_of_a_growing_history_raises_capacity_risk_once() throws Exception {
        Catalog catalog = new ConfigLoader().load(SeedText.writeTo(dir), "pipekeeper.yaml");
        SeedData.writeDay(catalog.storage().raw(), TODAY);
        try (Store store = Store.open(TestDatabases.freshH2())) {
            RunStore runs = new RunStore(store.jdbi());
            for (Run past : history(20, Duration.ofMinutes(10), Duration.ofMinutes(6)).subList(0, 19)) {
                long id = runs.start("unit_profit", past.date(), "duckdb", Instant.now());
                runs.finish(id, Run.Status.SUCCEEDED, 1, Instant.now(), new Engine.Execution(1, 1, 1, 1, 1,
                        Duration.ofMillis(past.wallMillis())), "out", null, Optional.empty());
            }
            PipelineRunner runner = new PipelineRunner(catalog, runs, Engines.duckDbOnly(), d -> { }, Instant::now);
            runner.runOnly("unit_profit", TODAY);
            runner.runOnly("unit_profit", TODAY);

            List<Signal> risks = runs.signals().all().stream().filter(s -> s.kind().equals(Kind.CAPACITY_RISK)).toList();
            assertThat(risks).hasSize(1);
            assertThat(risks.get(0).detail()).startsWith("unit_profit will no longer finish between its cron time and its deadline from about ");
            assertThat(risks.get(0).evidence()).contains("\"window_ms\":7200000");
        }
    }
}
