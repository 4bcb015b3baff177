package io.pipekeeper.pipeline;

import java.nio.file.Path;
import java.time.LocalDate;

/** A few rows for each of the seed's sources, for one day: enough for every pipeline to run. */
final class SeedData {
    private SeedData() {
    }

    static void writeDay(Path raw, LocalDate date) throws Exception {
        Parquet.write(raw.resolve("users/date=" + date + "/part-0.parquet"), "SELECT i::BIGINT AS user_id,"
                + " TIMESTAMP '" + date + " 08:00' AS signed_up_at, 'US' AS country, 'web' AS platform,"
                + " CASE WHEN i % 2 = 0 THEN 'control' ELSE 'treatment' END AS experiment_group,"
                + " 'u' || i || '@example.com' AS email FROM range(1, 11) t(i)");
        Parquet.write(raw.resolve("product_costs/costs.parquet"), "SELECT i::INTEGER AS product_id,"
                + " 2.50::DECIMAL(12,2) AS unit_cost, DATE '2026-01-01' AS valid_from FROM range(1, 4) t(i)");
        Parquet.write(raw.resolve("orders/date=" + date + "/part-0.parquet"), "SELECT i::BIGINT AS order_id,"
                + " (i % 10 + 1)::BIGINT AS user_id, TIMESTAMP '" + date + " 12:00' AS ordered_at,"
                + " (i % 3 + 1)::INTEGER AS product_id, 2::INTEGER AS quantity, 9.99::DECIMAL(12,2) AS unit_price,"
                + " 'USD' AS currency FROM range(100) t(i)");
        Parquet.write(raw.resolve("events/date=" + date + "/part-0.parquet"), "SELECT i::BIGINT AS event_id,"
                + " (i % 10 + 1)::BIGINT AS user_id, (i / 4)::BIGINT AS session_id,"
                + " TIMESTAMP '" + date + " 10:00' + to_minutes(i) AS occurred_at, 'view' AS event_type FROM range(200) t(i)");
    }
}
