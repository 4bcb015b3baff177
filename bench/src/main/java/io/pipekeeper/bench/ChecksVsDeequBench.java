package io.pipekeeper.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SparkSettings;
import io.pipekeeper.engine.DuckDbEngine;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.quality.CheckResult;
import io.pipekeeper.quality.CheckRunner;
import io.pipekeeper.spark.SparkEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The sixteen checks of bench/run checks on one orders Parquet file with some failing rows, three ways: pipekeeper
 * on DuckDB, pipekeeper on Spark local[2], and Amazon Deequ 2.1.0 on Spark 3.5 local[2] (its analyzers, in a JVM of
 * its own: bench/deequ). Checks that all three count the same failing rows for every check, then prints the medians
 * of three rounds after one warm-up. Deequ runs twice: with the key checked by {@code CountDistinct}, its cheapest, and
 * by the {@code Uniqueness} analyzer behind {@code isUnique}. Last: {@code checks: deequ/pipekeeper = X.X} (pipekeeper on
 * DuckDB, against CountDistinct).
 */
final class ChecksVsDeequBench {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 7);
    private static final int ROUNDS = 3;

    private ChecksVsDeequBench() {
    }

    static void run(String[] args) throws Exception {
        long rows = Long.parseLong(BenchSupport.option(args, "--rows", "20000000"));
        Path deequ = Path.of(BenchSupport.option(args, "--deequ", "bench/deequ/target"));
        Path dir = Files.createTempDirectory("pipekeeper-bench-deequ-");
        Path file = dir.resolve("data/raw/orders/orders.parquet");
        Files.createDirectories(file.getParent());
        ChecksBench.writeOrders(file, rows, true);
        System.out.printf(Locale.ROOT, "checks-vs-deequ: %,d orders (%,d MB of Parquet), 16 checks; %d cores, Java %s%n", rows,
                Files.size(file) >> 20, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        Catalog onDuckDb = ChecksBench.catalog(dir, "duckdb");
        SparkSettings local2 = new SparkSettings("local[2]", Map.of());
        Catalog onSpark = ChecksBench.catalog(dir, "spark");
        SparkEngine spark = new SparkEngine(local2);
        Map<String, Long> duckCounts;
        Map<String, Long> sparkCounts;
        double duckSeconds;
        double sparkSeconds;
        try {
            CheckRunner duck = new CheckRunner(onDuckDb, Engines.of(new DuckDbEngine()), CheckRunner.MetricHistory.NONE);
            CheckRunner sparkRunner = new CheckRunner(onSpark, Engines.of(new DuckDbEngine(), spark), CheckRunner.MetricHistory.NONE);
            List<Map<String, Long>> duckResults = new ArrayList<>();
            List<Map<String, Long>> sparkResults = new ArrayList<>();
            duckSeconds = timed(() -> counts(duck.checkSource("orders", DAY).results()), duckResults);
            sparkSeconds = timed(() -> counts(sparkRunner.checkSource("orders", DAY).results()), sparkResults);
            duckCounts = duckResults.get(0);
            sparkCounts = sparkResults.get(0);
        } finally {
            spark.close();
        }
        DeequRun peer = deequ(deequ, file, "count-distinct", ROUNDS);
        DeequRun isUnique = deequ(deequ, file, "uniqueness", ROUNDS);
        Map<String, Long> deequCounts = peer.counts(rows);
        Map<String, Long> uniquenessCounts = isUnique.counts(rows);

        List<String> disagreements = new ArrayList<>();
        duckCounts.forEach((check, count) -> {
            if (!count.equals(sparkCounts.get(check)) || !count.equals(deequCounts.get(check)) || !count.equals(uniquenessCounts.get(check))) {
                disagreements.add(check + ": DuckDB " + count + ", Spark " + sparkCounts.get(check) + ", Deequ " + deequCounts.get(check)
                        + " (with Uniqueness " + uniquenessCounts.get(check) + ")");
            }
        });
        if (!disagreements.isEmpty() || duckCounts.size() != 16) {
            throw new IllegalStateException("the three do not agree: " + disagreements + " (" + duckCounts.size() + " checks)");
        }
        System.out.println("checks-vs-deequ: all three agree on every check's failing rows: " + duckCounts.entrySet().stream()
                .filter(e -> e.getValue() > 0).map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ", the rest 0");
        double deequSeconds = BenchSupport.median(peer.seconds());
        double uniquenessSeconds = BenchSupport.median(isUnique.seconds());
        System.out.printf(Locale.ROOT, "checks-vs-deequ: medians of %d after a warm-up: pipekeeper on DuckDB %.2f s, pipekeeper on Spark"
                + " local[2] %.2f s, Deequ 2.1.0 on Spark 3.5 local[2] %.2f s with CountDistinct, %.2f s with Uniqueness (isUnique)%n",
                ROUNDS, duckSeconds, sparkSeconds, deequSeconds, uniquenessSeconds);
        System.out.printf(Locale.ROOT, "checks-vs-deequ: deequ/pipekeeper-on-spark = %.1f (CountDistinct), %.1f (Uniqueness)%n",
                deequSeconds / sparkSeconds, uniquenessSeconds / sparkSeconds);
        System.out.printf(Locale.ROOT, "checks-vs-deequ: deequ-with-uniqueness/pipekeeper = %.1f%n", uniquenessSeconds / duckSeconds);
        System.out.printf(Locale.ROOT, "checks: deequ/pipekeeper = %.1f%n", deequSeconds / duckSeconds);
    }

    /** One warm-up and {@link #ROUNDS} timed rounds; the median seconds. Each round's counts go to {@code results}. */
    private static double timed(Supplier<Map<String, Long>> round, List<Map<String, Long>> results) {
        results.add(round.get());
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            long started = System.nanoTime();
            results.add(round.get());
            seconds.add((System.nanoTime() - started) / 1e9);
        }
        return BenchSupport.median(seconds);
    }

    /** Failing rows by check, in the names the comparison uses; the row count as "rows". */
    static Map<String, Long> counts(List<CheckResult> results) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (CheckResult result : results) {
            switch (result.check()) {
                case "schema" -> { }
                case "row_count" -> counts.put("rows", Long.parseLong(result.observed().replaceAll("[^0-9]", "")));
                default -> counts.put(result.check(), result.failingRows());
            }
        }
        return counts;
    }

    /** Deequ's rounds and metrics, from its own JVM. */
    record DeequRun(List<Double> seconds, JsonNode metrics) {
        /**
         * The row-level metrics as failing rows by the names pipekeeper gives its checks (DeequChecks names each
         * Compliance so); the measures of the wide table's distributions are left out.
         */
        Map<String, Long> counts(long rows) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (JsonNode metric : metrics) {
                String name = metric.get("name").asText();
                String instance = metric.get("instance").asText();
                double value = metric.get("value").asDouble();
                long failing = Math.round(rows * (1 - value));
                switch (name) {
                    case "Size" -> counts.put("rows", Math.round(value));
                    case "Completeness" -> counts.put("not_null(" + instance + ")", failing);
                    case "CountDistinct" -> counts.put("unique(" + instance + ")", rows - counts.getOrDefault("not_null(" + instance + ")", 0L)
                            - Math.round(value));
                    // The share of rows whose key occurs once: the rows of duplicated keys, where pipekeeper counts the rows
                    // beyond each key's first. Both are 0 on these files (their keys are unique and never null), which is what is compared.
                    case "Uniqueness" -> counts.put("unique(" + instance + ")", failing);
                    case "PatternMatch" -> counts.put("pattern(" + instance + ")", failing);
                    case "Compliance" -> counts.put(instance, failing);
                    case "ApproxCountDistinct", "Mean" -> { }
                    default -> throw new IllegalStateException("an unexpected Deequ metric: " + metric);
                }
            }
            return counts;
        }
    }

    /**
     * Deequ's warm-up and {@code rounds} rounds in its own JVM: the orders checks with the key's check as count-distinct or
     * uniqueness, or (wide) the wide table's.
     */
    static DeequRun deequ(Path target, Path file, String formulation, int rounds) throws Exception {
        String currencies = Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode).sorted().collect(Collectors.joining(","));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Spark 3.5 on Java 17 needs to reach into these JDK packages (its own launcher opens them the same way).
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
                "-cp", target.resolve("pipekeeper-bench-deequ.jar") + ":" + target.resolve("lib") + "/*",
                "io.pipekeeper.bench.deequ.DeequChecks", file.toString(), String.valueOf(rounds + 1), currencies, formulation));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<Double> seconds = new ArrayList<>();
        JsonNode metrics = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("deequ-round ")) {
                    seconds.add(Double.parseDouble(line.substring("deequ-round ".length())));
                } else if (line.startsWith("deequ-metrics ")) {
                    metrics = new ObjectMapper().readTree(line.substring("deequ-metrics ".length()));
                }
            }
        }
        if (process.waitFor() != 0 || metrics == null || seconds.size() != rounds + 1) {
            throw new IllegalStateException("Deequ's run failed (exit " + process.exitValue() + "); run it alone: " + String.join(" ", command));
        }
        return new DeequRun(seconds.subList(1, seconds.size()), metrics);
    }
}
