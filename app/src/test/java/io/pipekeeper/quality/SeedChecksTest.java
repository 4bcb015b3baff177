package io.pipekeeper.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.sample.Fault;
import io.pipekeeper.sample.SampleData;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed's checks on six weeks of generated data: every fault the generator can write is caught by the
 * check meant for it, and fourteen clean days in a row raise nothing.
 */
class SeedChecksTest {
    @TempDir
    static Path dir;
    private static CheckRunner checks;

    @BeforeAll
    static void generateSixWeeksWithAFaultOnEachOfTheLastTwelveDays() {
        Catalog catalog = new ConfigLoader().load(SeedText.writeTo(dir), "pipekeeper.yaml");
        List<Fault> faults = Stream.of("missing_partition:orders@2026-11-09", "corrupt_file:orders@2026-11-10",
                "null_spike:orders.user_id@2026-11-11", "bad_format:orders.currency@2026-11-12", "duplicates:orders@2026-11-13",
                "negative_values:orders.quantity@2026-11-14", "orphan_keys:orders.product_id@2026-11-15", "schema_change:orders@2026-11-16",
                "schema_add:orders@2026-11-17", "volume_spike:events@2026-11-18", "volume_drop:orders@2026-11-19",
                "late_partition:orders@2026-11-20").map(Fault::parse).toList();
        new SampleData(catalog).generate(new SampleData.Options(LocalDate.of(2026, 10, 10), LocalDate.of(2026, 11, 20), 0.002, 9, faults),
                day -> { });
        checks = new CheckRunner(catalog);
    }

    @AfterAll
    static void closeTheSession() {
        checks.close();
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("missing_partition", "events", "2026-11-09", "partition", CheckResult.Status.PASSED),
                Arguments.of("missing_partition", "orders", "2026-11-09", "partition", CheckResult.Status.ERROR),
                Arguments.of("corrupt_file", "orders", "2026-11-10", "readable", CheckResult.Status.ERROR),
                Arguments.of("null_spike", "orders", "2026-11-11", "not_null(user_id)", CheckResult.Status.FAILED),
                Arguments.of("bad_format", "orders", "2026-11-12", "accepted_values(currency)", CheckResult.Status.FAILED),
                Arguments.of("bad_format", "orders", "2026-11-12", "format(currency)", CheckResult.Status.FAILED),
                Arguments.of("duplicates", "orders", "2026-11-13", "unique(order_id)", CheckResult.Status.FAILED),
                Arguments.of("negative_values", "orders", "2026-11-14", "range(quantity)", CheckResult.Status.FAILED),
                Arguments.of("orphan_keys", "orders", "2026-11-15", "references(product_id)", CheckResult.Status.FAILED),
                Arguments.of("schema_change", "orders", "2026-11-16", "schema", CheckResult.Status.FAILED),
                Arguments.of("schema_add", "orders", "2026-11-17", "schema", CheckResult.Status.WARNED),
                Arguments.of("volume_spike", "events", "2026-11-18", "volume", CheckResult.Status.WARNED),
                Arguments.of("volume_drop", "orders", "2026-11-19", "volume", CheckResult.Status.WARNED),
                Arguments.of("late_partition", "orders", "2026-11-20", "freshness", CheckResult.Status.WARNED));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("faults")
    void each_fault_is_caught_by_the_check_meant_for_it(String fault, String source, String date, String check,
                                                        CheckResult.Status expected) {
        List<CheckResult> results = checks.checkSource(source, LocalDate.parse(date)).results();
        if (expected == CheckResult.Status.PASSED) {
            assertThat(results).as("a fault in another source leaves %s alone", source).allMatch(CheckResult::passed);
            return;
        }
        assertThat(results).filteredOn(r -> r.check().equals(check)).as("results: %s", results).singleElement()
                .satisfies(result -> {
                    assertThat(result.status()).isEqualTo(expected);
                    assertThat(result.observed()).isNotBlank();
                });
    }

    @Test
    void a_failing_check_shows_sample_rows_and_the_query_that_finds_them() {
        CheckResult nulls = checks.checkSource("orders", LocalDate.of(2026, 11, 11)).results().stream()
                .filter(r -> r.check().equals("not_null(user_id)")).findFirst().orElseThrow();
        assertThat(nulls.failingRows()).isPositive();
        assertThat(nulls.sample()).hasSize(TableChecks.SAMPLE_ROWS).allSatisfy(row -> assertThat(row.get("user_id")).isNull());
        assertThat(nulls.query()).startsWith("SELECT * FROM read_parquet(").endsWith("WHERE \"user_id\" IS NULL");
        CheckResult renamed = checks.checkSource("orders", LocalDate.of(2026, 11, 16)).results().get(0);
        assertThat(renamed.observed()).contains("likely renamed unit_price → price");
        assertThat(renamed.signal()).contains(io.pipekeeper.signal.Kind.SCHEMA_BREAKING);
        assertThat(renamed.blocks()).isTrue();
    }

    @Test
    void fourteen_clean_days_in_a_row_raise_nothing() {
        for (int offset = 0; offset < 14; offset++) {
            LocalDate day = LocalDate.of(2026, 10, 26).plusDays(offset);
            for (String source : List.of("users", "orders", "product_costs", "events")) {
                List<CheckResult> results = checks.checkSource(source, day).results();
                assertThat(results).as("%s on %s", source, day).isNotEmpty()
                        .allSatisfy(r -> assertThat(r.status()).as("%s %s on %s: %s", source, r.check(), day, r.observed())
                                .isEqualTo(CheckResult.Status.PASSED));
            }
        }
    }

    @Test
    void row_level_checks_take_one_scan_dense_keys_join_it_and_judged_values_take_one_more() {
        LocalDate clean = LocalDate.of(2026, 11, 2);
        assertThat(checks.checkSource("events", clean).scans()).as("not_null ×5 and unique (a dense integer key) in one scan,"
                + " the histogram of event_type for accepted_values in another").isEqualTo(2);
        assertThat(checks.checkSource("orders", clean).scans()).as("nine row-level checks and unique(order_id) in one scan, the"
                + " histogram of currency for its two checks, references").isEqualTo(3);
        assertThat(checks.checkSource("product_costs", clean).scans()).as("one fused scan, one pass for the two-column key")
                .isEqualTo(2);
    }

    @Test
    void distribution_measures_the_mean_of_numbers_only() {
        var metrics = checks.checkSource("orders", LocalDate.of(2026, 11, 2)).metrics();
        assertThat(metrics).containsKeys("user_id.mean", "quantity.mean", "currency.null_rate", "currency.distinct")
                .doesNotContainKey("currency.mean");
        assertThat(metrics.get("quantity.mean")).isBetween(1.0, 1000.0);
    }
}
