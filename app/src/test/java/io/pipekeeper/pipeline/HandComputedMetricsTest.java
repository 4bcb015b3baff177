package io.pipekeeper.pipeline;

import io.pipekeeper.engine.Publisher;
import io.pipekeeper.engine.Engines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.TestDatabases;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's five pipelines on a dataset small enough to work out by hand: three users, five orders over
 * two days, a product cost that changes on the second day, nine events in five sessions.
 */
class HandComputedMetricsTest {
    private static final LocalDate DAY1 = LocalDate.of(2026, 11, 6);
    private static final LocalDate DAY2 = LocalDate.of(2026, 11, 7);

    @TempDir
    static Path dir;
    private static Catalog catalog;
    private static List<Run> day1;
    private static List<Run> day2;

    @BeforeAll
    static void runTheSeedOnHandMadeData() throws Exception {
        Path config = SeedText.writeTo(dir);
        Path raw = dir.resolve("data/raw");
        String users = "SELECT * FROM (VALUES %s) t(user_id, signed_up_at, country, platform, experiment_group, email)";
        Parquet.write(raw.resolve("users/date=2026-11-06/part-0.parquet"), users.formatted(
                "(1::BIGINT, TIMESTAMP '2026-10-01 10:00', 'US', 'ios', 'control', 'u1@example.com'),"
                        + "(2::BIGINT, TIMESTAMP '2026-10-15 10:00', 'US', 'web', 'treatment', 'u2@example.com')"));
        Parquet.write(raw.resolve("users/date=2026-11-07/part-0.parquet"), users.formatted(
                "(3::BIGINT, TIMESTAMP '2026-11-07 10:00', 'DE', 'android', 'treatment', 'u3@example.com')"));
        Parquet.write(raw.resolve("product_costs/costs.parquet"), "SELECT * FROM (VALUES "
                + "(1, 2.00::DECIMAL(12,2), DATE '2026-01-01'), (1, 3.00::DECIMAL(12,2), DATE '2026-11-07'),"
                + "(2, 5.00::DECIMAL(12,2), DATE '2026-01-01')) t(product_id, unit_cost, valid_from)");
        String orders = "SELECT * FROM (VALUES %s) t(order_id, user_id, ordered_at, product_id, quantity, unit_price, currency)";
        Parquet.write(raw.resolve("orders/date=2026-11-06/part-0.parquet"), orders.formatted(
                "(10::BIGINT, 1::BIGINT, TIMESTAMP '2026-11-06 12:00', 2, 1, 8.00::DECIMAL(12,2), 'USD')"));
        Parquet.write(raw.resolve("orders/date=2026-11-07/part-0.parquet"), orders.formatted(
                "(11::BIGINT, 1::BIGINT, TIMESTAMP '2026-11-07 09:00', 1, 2, 10.00::DECIMAL(12,2), 'USD'),"
                        + "(12::BIGINT, 2::BIGINT, TIMESTAMP '2026-11-07 11:00', 1, 1, 10.00::DECIMAL(12,2), 'USD'),"
                        + "(13::BIGINT, 2::BIGINT, TIMESTAMP '2026-11-07 11:05', 2, 3, 8.00::DECIMAL(12,2), 'USD'),"
                        + "(14::BIGINT, 3::BIGINT, TIMESTAMP '2026-11-07 21:00', 2, 1, 8.00::DECIMAL(12,2), 'USD')"));
        String events = "SELECT * FROM (VALUES %s) t(event_id, user_id, session_id, occurred_at, event_type)";
        Parquet.write(raw.resolve("events/date=2026-11-06/part-0.parquet"), events.formatted(
                "(1::BIGINT, 1::BIGINT, 100::BIGINT, TIMESTAMP '2026-11-06 10:00', 'view'),"
                        + "(2::BIGINT, 1::BIGINT, 100::BIGINT, TIMESTAMP '2026-11-06 10:30', 'click')"));
        Parquet.write(raw.resolve("events/date=2026-11-07/part-0.parquet"), events.formatted(
                "(3::BIGINT, 1::BIGINT, 200::BIGINT, TIMESTAMP '2026-11-07 09:00', 'view'),"
                        + "(4::BIGINT, 1::BIGINT, 200::BIGINT, TIMESTAMP '2026-11-07 09:20', 'purchase'),"
                        + "(5::BIGINT, 2::BIGINT, 201::BIGINT, TIMESTAMP '2026-11-07 12:00', 'view'),"
                        + "(6::BIGINT, 2::BIGINT, 201::BIGINT, TIMESTAMP '2026-11-07 12:06', 'click'),"
                        + "(7::BIGINT, 2::BIGINT, 202::BIGINT, TIMESTAMP '2026-11-07 18:00', 'view'),"
                        + "(8::BIGINT, 3::BIGINT, 203::BIGINT, TIMESTAMP '2026-11-07 20:00', 'view'),"
                        + "(9::BIGINT, 3::BIGINT, 203::BIGINT, TIMESTAMP '2026-11-07 20:30', 'purchase')"));

        SeedData.arrivedOnTime(raw);
        catalog = new ConfigLoader().load(config, "pipekeeper.yaml");
        try (Store store = Store.open(TestDatabases.freshH2())) {
            PipelineRunner runner = new PipelineRunner(catalog, new RunStore(store.jdbi()), Engines.duckDbOnly(),
                    duration -> { }, Instant::now);
            day1 = runner.run(List.of(), DAY1);
            day2 = runner.run(List.of(), DAY2);
        }
    }

    private static List<Map<String, Object>> output(String pipeline, LocalDate date, String orderBy) throws Exception {
        Path file = Publisher.outputFile(catalog.storage().warehouse(), pipeline, date);
        return Parquet.query("SELECT * FROM read_parquet('" + file + "') ORDER BY " + orderBy);
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    @Test
    void every_pipeline_succeeds_on_both_days_upstream_first() {
        assertThat(day1).extracting(Run::pipeline).containsExactly(
                "unit_profit", "aggregate_profit", "daily_growth", "aggregate_growth", "aggregate_engagement");
        assertThat(day1).allSatisfy(run -> assertThat(run.status()).as(run.error().orElse("")).isEqualTo(Run.Status.SUCCEEDED));
        assertThat(day2).allSatisfy(run -> assertThat(run.status()).as(run.error().orElse("")).isEqualTo(Run.Status.SUCCEEDED));
        Run unitProfit = day2.get(0);
        assertThat(unitProfit.rowsIn()).as("4 orders + 3 costs + 3 users").isEqualTo(10);
        assertThat(unitProfit.rowsOut()).isEqualTo(3);
        assertThat(unitProfit.bytesWritten()).isPositive();
        assertThat(unitProfit.attempts()).isEqualTo(1);
    }

    @Test
    void unit_profit_uses_the_cost_valid_on_the_order_date() throws Exception {
        List<Map<String, Object>> rows = output("unit_profit", DAY2, "experiment_group, product_id");
        assertThat(rows).hasSize(3);
        // control, product 1: 2 units at 10.00, cost 3.00 from 7 November.
        assertThat(rows.get(0)).containsEntry("experiment_group", "control").containsEntry("product_id", 1);
        assertThat(number(rows.get(0).get("units"))).isEqualTo(2);
        assertThat((BigDecimal) rows.get(0).get("revenue")).isEqualByComparingTo("20.00");
        assertThat((BigDecimal) rows.get(0).get("cost")).isEqualByComparingTo("6.00");
        assertThat((BigDecimal) rows.get(0).get("profit")).isEqualByComparingTo("14.00");
        assertThat(number(rows.get(0).get("profit_per_unit"))).isCloseTo(7.0, within(1e-9));
        // treatment, product 2: 3 + 1 units at 8.00, cost 5.00.
        assertThat(rows.get(2)).containsEntry("experiment_group", "treatment").containsEntry("product_id", 2);
        assertThat(number(rows.get(2).get("units"))).isEqualTo(4);
        assertThat((BigDecimal) rows.get(2).get("revenue")).isEqualByComparingTo("32.00");
        assertThat((BigDecimal) rows.get(2).get("cost")).isEqualByComparingTo("20.00");
        assertThat(number(rows.get(2).get("profit_per_unit"))).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void aggregate_profit_adds_the_day_and_keeps_month_and_quarter_to_date() throws Exception {
        Map<String, Object> row = output("aggregate_profit", DAY2, "date").get(0);
        assertThat((BigDecimal) row.get("revenue")).isEqualByComparingTo("62.00");
        assertThat((BigDecimal) row.get("cost")).isEqualByComparingTo("29.00");
        assertThat((BigDecimal) row.get("profit")).isEqualByComparingTo("33.00");
        assertThat(number(row.get("margin"))).isCloseTo(33.0 / 62.0, within(1e-9));
        assertThat((BigDecimal) row.get("profit_mtd")).as("3.00 on the 6th + 33.00").isEqualByComparingTo("36.00");
        assertThat((BigDecimal) row.get("profit_qtd")).isEqualByComparingTo("36.00");
    }

    @Test
    void daily_growth_counts_new_active_and_cumulative_users_per_group() throws Exception {
        List<Map<String, Object>> rows = output("daily_growth", DAY2, "experiment_group");
        assertThat(rows).extracting(r -> r.get("experiment_group")).containsExactly("control", "treatment");
        assertThat(rows).extracting(r -> number(r.get("new_users"))).containsExactly(0.0, 1.0);
        assertThat(rows).extracting(r -> number(r.get("active_users"))).containsExactly(1.0, 2.0);
        assertThat(rows).extracting(r -> number(r.get("cumulative_users"))).containsExactly(1.0, 2.0);
        List<Map<String, Object>> before = output("daily_growth", DAY1, "experiment_group");
        assertThat(before).extracting(r -> number(r.get("cumulative_users"))).containsExactly(1.0, 1.0);
        assertThat(before).extracting(r -> number(r.get("active_users"))).containsExactly(1.0, 0.0);
    }

    @Test
    void aggregate_growth_reports_totals_and_monthly_actives() throws Exception {
        Map<String, Object> row = output("aggregate_growth", DAY2, "date").get(0);
        assertThat(number(row.get("total_users"))).isEqualTo(3);
        assertThat(number(row.get("new_users_28d"))).isEqualTo(1);
        assertThat(number(row.get("mau"))).isEqualTo(3);
        assertThat(row.get("mau_growth")).as("no actives in the 28 days before: growth is undefined").isNull();
    }

    @Test
    void aggregate_engagement_measures_actives_stickiness_and_sessions() throws Exception {
        Map<String, Object> row = output("aggregate_engagement", DAY2, "date").get(0);
        assertThat(number(row.get("dau"))).isEqualTo(3);
        assertThat(number(row.get("wau"))).isEqualTo(3);
        assertThat(number(row.get("mau"))).isEqualTo(3);
        assertThat(number(row.get("stickiness"))).isCloseTo(1.0, within(1e-9));
        assertThat(number(row.get("sessions_per_user"))).as("4 sessions, 3 users").isCloseTo(4.0 / 3.0, within(1e-9));
        assertThat(number(row.get("avg_session_minutes"))).as("(20 + 6 + 0 + 30) / 4").isCloseTo(14.0, within(1e-9));
    }
}
