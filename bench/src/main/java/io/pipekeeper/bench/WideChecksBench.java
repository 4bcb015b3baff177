package io.pipekeeper.bench;

import io.pipekeeper.config.Catalog;
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
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A wide table: {@code --rows} rows (default 5,000,000) of 100 columns (a key, 79 integers, 20 short texts) and 300
 * checks (not_null on every column, the key unique, a range on each integer, accepted values and a pattern on each
 * text, a distribution on each integer, a row count). pipekeeper's check runner against one plain scan of every
 * column (the floor: each value read once) and, in its own JVM, Amazon Deequ's matching analyzers. All must count the
 * same failing rows. Medians of three after a warm-up.
 */
final class WideChecksBench {
    static final int INTEGERS = 79;
    static final int TEXTS = 20;
    /** Integer columns with a few NULLs (one row in 10,007), so that some checks fail and fetch their samples. */
    static final int WITH_NULLS = 10;
    private static final int ROUNDS = 3;
    private static final LocalDate DAY = LocalDate.of(2026, 11, 7);

    private WideChecksBench() {
    }

    static void run(String[] args) throws Exception {
        long rows = BenchSupport.intOption(args, "--rows", 5_000_000);
        boolean withDeequ = BenchSupport.choice(args, "--deequ", "yes", List.of("yes", "no")).equals("yes");
        Path dir = Files.createTempDirectory("pipekeeper-bench-wide-");
        Path file = dir.resolve("data/raw/wide/wide.parquet");
        Files.createDirectories(file.getParent());
        long started = System.nanoTime();
        write(file, rows);
        System.out.printf(Locale.ROOT, "wide-checks: %,d rows × %d columns (%,d MB of Parquet) written in %.1f s, %d checks; %d cores, Java %s%n",
                rows, 1 + INTEGERS + TEXTS, Files.size(file) >> 20, (System.nanoTime() - started) / 1e9, checkCount(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        List<Double> pipekeeper = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        Map<String, Long> counts = null;
        // Both keep their session from round to round: a fresh DuckDB runs its first scans at about half speed.
        try (CheckRunner checks = new CheckRunner(catalog(dir)); Connection scanning = DriverManager.getConnection("jdbc:duckdb:")) {
            for (int round = 0; round <= ROUNDS; round++) {
                long t = System.nanoTime();
                List<CheckResult> results = checks.checkSource("wide", DAY).results();
                double seconds = (System.nanoTime() - t) / 1e9;
                double scan = plainScan(scanning, file);
                if (round > 0) {
                    pipekeeper.add(seconds);
                    plain.add(scan);
                }
                counts = ChecksVsDeequBench.counts(results);
            }
        }
        if (counts.size() != checkCount()) {
            throw new IllegalStateException("expected " + checkCount() + " results, got " + counts.size());
        }
        double a = BenchSupport.median(pipekeeper);
        double floor = BenchSupport.median(plain);
        System.out.printf(Locale.ROOT, "wide-checks: medians of %d after a warm-up: pipekeeper %.2f s, one plain scan of every column %.2f s%n",
                ROUNDS, a, floor);
        if (withDeequ) {
            ChecksVsDeequBench.DeequRun deequ = ChecksVsDeequBench.deequ(Path.of("bench/deequ/target"), file, "wide", ROUNDS);
            Map<String, Long> deequCounts = deequ.counts(rows);
            List<String> disagreements = new ArrayList<>();
            Map<String, Long> ours = counts;
            deequCounts.forEach((check, count) -> {
                if (!count.equals(ours.get(check))) {
                    disagreements.add(check + ": pipekeeper " + ours.get(check) + ", Deequ " + count);
                }
            });
            if (!disagreements.isEmpty() || deequCounts.size() != checkCount() - INTEGERS) {
                throw new IllegalStateException("pipekeeper and Deequ do not agree: " + disagreements + " (" + deequCounts.size() + " compared)");
            }
            double d = BenchSupport.median(deequ.seconds());
            System.out.printf(Locale.ROOT, "wide-checks: both count the same failing rows for all %d row-level checks; Deequ 2.1.0 on Spark 3.5"
                    + " local[2] %.2f s%n", deequCounts.size(), d);
            System.out.printf(Locale.ROOT, "wide-checks: deequ/pipekeeper = %.1f%n", d / a);
        }
        System.out.printf(Locale.ROOT, "wide-checks: pipekeeper/plain-scan = %.2f%n", a / floor);
    }

    /** 300 results: not_null ×100, unique, ranges ×79, accepted values and patterns ×20 each, distributions ×79, row count. */
    static int checkCount() {
        int columns = 1 + INTEGERS + TEXTS;
        return columns + 1 + INTEGERS + 2 * TEXTS + INTEGERS + 1;
    }

    static String integer(int k) {
        return String.format(Locale.ROOT, "n%02d", k);
    }

    static String text(int k) {
        return String.format(Locale.ROOT, "s%02d", k);
    }

    private static List<String> columns() {
        List<String> columns = new ArrayList<>(List.of("id"));
        IntStream.rangeClosed(1, INTEGERS).forEach(k -> columns.add(integer(k)));
        IntStream.rangeClosed(1, TEXTS).forEach(k -> columns.add(text(k)));
        return columns;
    }

    /** Deterministic: integers in [0, 999], texts one of four words; the first {@link #WITH_NULLS} integers with a few NULLs. */
    private static void write(Path file, long rows) throws Exception {
        StringBuilder select = new StringBuilder("SELECT (i + 1)::BIGINT AS id");
        for (int k = 1; k <= INTEGERS; k++) {
            String value = "((hash(i, " + k + ") >> 1) % 1000)::INTEGER";
            select.append(", ").append(k <= WITH_NULLS ? "CASE WHEN (hash(i, " + k + ") >> 20) % 10007 = 0 THEN NULL ELSE " + value + " END" : value)
                    .append(" AS ").append(integer(k));
        }
        for (int k = 1; k <= TEXTS; k++) {
            select.append(", ['alpha', 'beta', 'gamma', 'delta'][1 + ((hash(i, ").append(100 + k).append(") >> 1) % 4)::INTEGER] AS ").append(text(k));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("COPY (" + select + " FROM range(" + rows + ") t(i)) TO '" + file + "' (FORMAT parquet, PARQUET_VERSION v2)");
        }
    }

    /** Every value of every column read once: the least any set of checks over all of them can cost. */
    private static double plainScan(Connection connection, Path file) throws Exception {
        // bit_xor of each value's hash: min and max would be answered from the footers' statistics without reading.
        String everyValue = columns().stream().map(c -> "bit_xor(hash(" + c + "))").collect(Collectors.joining(", "));
        long started = System.nanoTime();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + everyValue + " FROM read_parquet('" + file + "')")) {
            rs.next();
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static Catalog catalog(Path dir) throws Exception {
        List<String> integers = IntStream.rangeClosed(1, INTEGERS).mapToObj(WideChecksBench::integer).toList();
        List<String> texts = IntStream.rangeClosed(1, TEXTS).mapToObj(WideChecksBench::text).toList();
        String schema = columns().stream().map(c -> c + ": " + (c.equals("id") ? "BIGINT" : c.startsWith("n") ? "INTEGER" : "VARCHAR"))
                .collect(Collectors.joining(", ", "{", "}"));
        StringBuilder checks = new StringBuilder();
        checks.append("      - {type: not_null, columns: [").append(String.join(", ", columns())).append("]}\n");
        checks.append("      - {type: unique, column: id}\n");
        integers.forEach(c -> checks.append("      - {type: range, column: ").append(c).append(", min: 0, max: 999}\n"));
        texts.forEach(c -> checks.append("      - {type: accepted_values, column: ").append(c).append(", values: [alpha, beta, gamma, delta]}\n")
                .append("      - {type: pattern, column: ").append(c).append(", regex: \"[a-z]+\"}\n"));
        checks.append("      - {type: distribution, columns: [").append(String.join(", ", integers)).append("]}\n");
        checks.append("      - {type: row_count, min: 1}");
        return ChecksBench.oneSource(dir, "wide.yaml", "wide", schema, checks.toString(), "duckdb");
    }
}
