package io.pipekeeper.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.sample.Fault;
import io.pipekeeper.sample.SampleData;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-column measures kept day by day in the store, and a day that departs from them. */
class DistributionAnomalyTest {
    private static final LocalDate FIRST = LocalDate.of(2026, 10, 1);
    private static final LocalDate SPIKE = LocalDate.of(2026, 10, 26);

    @TempDir
    Path dir;

    @Test
    void a_column_whose_null_rate_jumps_and_a_late_arrival_are_anomalies_and_the_weeks_before_raise_nothing() {
        Catalog catalog = new ConfigLoader().load(SeedText.writeTo(dir), "pipekeeper.yaml");
        new SampleData(catalog).generate(new SampleData.Options(FIRST, SPIKE, 0.002, 4,
                List.of(Fault.parse("null_spike:orders.user_id@" + SPIKE), Fault.parse("late_partition:orders@" + SPIKE))), day -> { });
        try (Store store = Store.open(TestDatabases.freshH2())) {
            RunStore runs = new RunStore(store.jdbi());
            CheckRunner checks = new CheckRunner(catalog, runs::metricValues);
            for (LocalDate day = FIRST; day.isBefore(SPIKE); day = day.plusDays(1)) {
                CheckRunner.Outcome outcome = checks.checkSource("orders", day);
                runs.saveMetrics("orders", day, outcome.metrics(), Instant.now());
                LocalDate checked = day;
                assertThat(outcome.results()).filteredOn(r -> r.type() == io.pipekeeper.config.Check.Type.DISTRIBUTION)
                        .hasSize(3)
                        .allSatisfy(r -> assertThat(r.status()).as("%s on %s: %s", r.check(), checked, r.observed())
                                .isEqualTo(CheckResult.Status.PASSED));
            }

            CheckRunner.Outcome spike = checks.checkSource("orders", SPIKE);

            assertThat(spike.metrics().get("user_id.null_rate")).isBetween(0.25, 0.35);
            CheckResult userId = spike.results().stream().filter(r -> r.check().equals("distribution(user_id)")).findFirst().orElseThrow();
            assertThat(userId.status()).isEqualTo(CheckResult.Status.WARNED);
            assertThat(userId.signal()).contains(io.pipekeeper.signal.Kind.ANOMALY);
            assertThat(userId.observed()).startsWith("0.2").contains("null rate (z = ∞: the earlier days never varied, from a mean of 0",
                    "expected 0 to 0 null rate");
            assertThat(spike.results().stream().filter(r -> r.check().equals("distribution(quantity)")).findFirst().orElseThrow()
                    .status()).isEqualTo(CheckResult.Status.PASSED);
            CheckResult arrival = spike.results().stream().filter(r -> r.check().equals("arrival")).findFirst().orElseThrow();
            assertThat(arrival.status()).as("four hours later than every day before").isEqualTo(CheckResult.Status.WARNED);
            assertThat(arrival.observed()).startsWith("420 minutes after midnight");
        }
    }
}
