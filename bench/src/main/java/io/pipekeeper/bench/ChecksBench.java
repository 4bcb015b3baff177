package io.pipekeeper.bench;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.quality.CheckResult;
import io.pipekeeper.quality.CheckRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sixteen checks on an orders table of N rows in one Parquet file: (a) pipekeeper's check runner (contract,
 * the fused scan, the results), (b) the same measures as one query written by hand, (c) one query per check.
 * Each approach runs three times, in turn; the figures are the medians.
 */
final class ChecksBench {
    private static final String CHECKS = """
                  - {type: not_null, columns: [order_id, user_id, ordered_at, product_id, quantity, unit_price, currency]}
                  - {type: unique, column: order_id}
                  - {type: range, column: quantity, min: 1, max: 1000}
                  - {type: range, column: unit_price, min: 0}
                  - {type: range, column: product_id, min: 1, max: 300}
                  - {type: range, column: user_id, min: 1}
                  - {type: pattern, column: currency, regex: "[A-Z]{3}"}
                  - {type: accepted_values, column: currency, values: [USD, EUR]}
                  - {type: format, column: currency, format: iso_currency}
                  - {type: row_count, min: 1}
            """;

    private static final List<String> PREDICATES = List.of("order_id IS NULL", "user_id IS NULL", "ordered_at IS NULL",
            "product_id IS NULL", "quantity IS NULL", "unit_price IS NULL", "currency IS NULL",
            "quantity < 1 OR quantity > 1000", "unit_price < 0", "product_id < 1 OR product_id > 300", "user_id < 1",
            "NOT regexp_full_match(currency, '[A-Z]{3}')", "currency NOT IN ('USD', 'EUR')", "currency NOT IN ('USD', 'EUR', 'GBP', 'JPY')");

    private ChecksBench() {
    }

    static void run(String[] args) throws Exception {
        long rows = Long.parseLong(BenchSupport.option(args, "--rows", "100000000"));
        Path dir = Files.createTempDirectory("pipekeeper-bench-checks-");
        Path file = dir.resolve("data/raw/orders/orders.parquet");
        Files.createDirectories(file.getParent());
        long started = System.nanoTime();
        writeOrders(file, rows, false);
        System.out.printf(Locale.ROOT, "checks: %,d orders in %s (%,d MB) written in %.1f s; %d cores, Java %s%n", rows, file.getFileName(),
                Files.size(file) >> 20, (System.nanoTime() - started) / 1e9, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));

        Catalog catalog = catalog(dir, "duckdb");
        CheckRunner runner = new CheckRunner(catalog);
        String handwritten = handwritten(file);
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        List<Double> c = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            long t = System.nanoTime();
            List<CheckResult> results = runner.checkSource("orders", LocalDate.of(2026, 11, 7)).results();
            a.add((System.nanoTime() - t) / 1e9);
            if (!results.stream().allMatch(CheckResult::passed)) {
                throw new IllegalStateException("clean data failed a check: " + results);
            }
            b.add(time(List.of(handwritten)));
            c.add(time(perCheck(file)));
        }
        double pipekeeper = BenchSupport.median(a);
        double hand = BenchSupport.median(b);
        double each = BenchSupport.median(c);
        System.out.printf(Locale.ROOT, "checks: 16 checks, medians of 3: pipekeeper %.2f s, handwritten fused query %.2f s, one query per check %.2f s%n",
                pipekeeper, hand, each);
        System.out.printf(Locale.ROOT, "checks: per-check/pipekeeper = %.2f%n", each / pipekeeper);
        System.out.printf(Locale.ROOT, "checks: pipekeeper/handwritten = %.2f%n", pipekeeper / hand);
    }

    /**
     * An orders table of {@code rows} rows in one Parquet file, deterministic. With faults, some rows fail checks:
     * 1 % of user_id NULL, 0.1 % of quantities 0, 0.2 % of currencies in lower case (never a duplicate order_id).
     */
    static void writeOrders(Path file, long rows, boolean faults) throws Exception {
        String userId = faults ? "CASE WHEN h % 100 = 0 THEN NULL ELSE (1 + h % 1000000)::BIGINT END" : "(1 + h % 1000000)::BIGINT";
        String quantity = faults ? "CASE WHEN h % 1000 = 1 THEN 0 ELSE (1 + (h >> 45) % 4)::INTEGER END" : "(1 + (h >> 45) % 4)::INTEGER";
        String usd = faults ? "CASE WHEN h % 500 = 2 THEN 'usd' ELSE 'USD' END" : "'USD'";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT (i + 1)::BIGINT AS order_id, " + userId + " AS user_id,"
                    + " TIMESTAMP '2026-11-07' + to_microseconds(((h >> 8) % 86400000000)::BIGINT) AS ordered_at,"
                    + " (1 + (h >> 36) % 300)::INTEGER AS product_id, " + quantity + " AS quantity,"
                    + " (5 + ((h >> 20) % 9500) / 100.0)::DECIMAL(12,2) AS unit_price,"
                    + " CASE WHEN (h >> 50) % 20 = 0 THEN 'EUR' ELSE " + usd + " END AS currency"
                    + " FROM (SELECT i, (hash(i, 1) >> 1)::BIGINT AS h FROM range(" + rows + ") t(i))) TO '" + file
                    + "' (FORMAT parquet, PARQUET_VERSION v2)");
        }
    }

    private static String handwritten(Path file) {
        StringBuilder sql = new StringBuilder("SELECT count(*), count(order_id) - count(DISTINCT order_id)");
        for (String predicate : PREDICATES) {
            sql.append(", count(*) FILTER (WHERE ").append(predicate).append(")");
        }
        return sql.append(" FROM read_parquet('").append(file).append("')").toString();
    }

    private static List<String> perCheck(Path file) {
        String from = " FROM read_parquet('" + file + "')";
        List<String> queries = new ArrayList<>();
        queries.add("SELECT count(*)" + from);
        queries.add("SELECT count(order_id) - count(DISTINCT order_id)" + from);
        PREDICATES.forEach(p -> queries.add("SELECT count(*)" + from + " WHERE " + p));
        return queries;
    }

    private static double time(List<String> queries) throws Exception {
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("SET threads = " + Runtime.getRuntime().availableProcessors());
            for (String query : queries) {
                try (ResultSet rs = statement.executeQuery(query)) {
                    rs.next();
                }
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** A team whose one source is the orders file, with the sixteen checks; its pipeline reads it on {@code engine}. */
    static Catalog catalog(Path dir, String engine) throws Exception {
        return oneSource(dir, engine + ".yaml", "orders", "{order_id: BIGINT, user_id: BIGINT, ordered_at: TIMESTAMP, product_id: INTEGER,"
                + " quantity: INTEGER, unit_price: \"DECIMAL(12,2)\", currency: VARCHAR}", CHECKS.stripTrailing(), engine);
    }

    /**
     * A team of two whose one source, {@code <source>/*.parquet} under the raw folder with no partitions, has the given
     * schema and checks (YAML list items indented by six spaces), read by one pipeline on {@code engine}.
     */
    static Catalog oneSource(Path dir, String file, String source, String schema, String checks, String engine) throws Exception {
        Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(dir.resolve("pipelines/x.sql"), "SELECT 1 AS one\n");
        String yaml = """
                version: 1
                team: {name: Bench, timezone: UTC, people: [{id: a, name: A, email: a@example.com}, {id: b, name: B, email: b@example.com}]}
                severities: {critical: {respond: 1h, resolve: 4h}}
                oncall: {rotation: {start: 2026-11-02T09:00, length: 1w, shifts: [{primary: a, secondary: b}]}}
                sources:
                  %1$s:
                    path: "%1$s/*.parquet"
                    partition: none
                    schema: %2$s
                    checks:
                %3$s
                pipelines:
                  x: {area: a, name: X, audience: internal, purpose: Bench., owners: {primary: a, secondary: b}, schedule: {cron: "0 5 * * *"},
                      inputs: {%1$s: {}}, engine: %4$s}
                """.formatted(source, schema, checks, engine);
        Path config = Files.writeString(dir.resolve(file), yaml);
        return new ConfigLoader().load(config, file);
    }
}
