package io.pipekeeper.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneId;
import java.time.LocalDate;

/** A few rows for each of the seed's sources, for one day: enough for every pipeline to run. */
final class SeedData {
    private SeedData() {
    }

    /** Marks every daily partition under raw as arrived on time: 03:00 New York time, the morning after its date. */
    static void arrivedOnTime(Path raw) throws Exception {
        try (var files = Files.walk(raw)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String folder = file.getParent().getFileName().toString();
                if (folder.startsWith("date=")) {
                    LocalDate day = LocalDate.parse(folder.substring(5));
                    Files.setLastModifiedTime(file, FileTime.from(day.plusDays(1).atTime(3, 0)
                            .atZone(ZoneId.of("America/New_York")).toInstant()));
                }
            }
        }
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
        arrivedOnTime(raw);
    }
}
