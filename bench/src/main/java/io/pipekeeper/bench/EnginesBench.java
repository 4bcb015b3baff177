package io.pipekeeper.bench;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SparkSettings;
import io.pipekeeper.engine.DuckDbEngine;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.pipeline.PipelineRunner;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.sample.SampleData;
import io.pipekeeper.spark.SparkEngine;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * bench/run engines [--scale S] [--days N] [--master URL]: the five seed pipelines over N days of generated data,
 * through pipekeeper on DuckDB and on Spark (local[2], or {@code --master spark://host:7077}, a standalone cluster),
 * each with its own warehouse and store over the same raw files. Each day runs both, alternating which goes
 * first, after one warm-up day each; the figures are medians of each pipeline's engine time and of the day's
 * total (engine, checks, publish).
 */
final class EnginesBench {
    private EnginesBench() {
    }

    static void run(String[] args) throws Exception {
        double scale = Double.parseDouble(BenchSupport.option(args, "--scale", "0.2"));
        int days = Integer.parseInt(BenchSupport.option(args, "--days", "7"));
        Path dir = Files.createTempDirectory("pipekeeper-bench-engines-");
        Catalog onDuckDb = BenchSupport.seed(dir, "");
        Path sparkConfig = Files.writeString(dir.resolve("spark.yaml"), Files.readString(dir.resolve("pipekeeper.yaml"))
                .replace("warehouse: data/warehouse", "warehouse: data/spark-warehouse")
                .replace("quarantine: data/quarantine", "quarantine: data/spark-quarantine"));
        String master = BenchSupport.option(args, "--master", "local[2]");
        // A cluster's executors call the driver back: on one machine, at the loopback address.
        SparkSettings local2 = new SparkSettings(master, master.startsWith("spark://127.0.0.1") ? Map.of("spark.driver.host", "127.0.0.1") : Map.of());
        Catalog onSpark = new ConfigLoader().load(sparkConfig, "spark.yaml").onEngine("spark", local2);
        LocalDate last = LocalDate.of(2026, 11, 7);
        LocalDate first = last.minusDays(days);
        SampleData.Summary data = new SampleData(onDuckDb).generate(new SampleData.Options(first, last, scale, 1, List.of()), d -> { });
        System.out.printf(Locale.ROOT, "engines: scale %s, %d days (+1 warm-up), Spark at %s, %,d rows generated in %.1f s; %d cores, Java %s, Spark %s%n",
                scale, days, master, data.rows(), data.wall().toMillis() / 1000.0, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), org.apache.spark.package$.MODULE$.SPARK_VERSION());

        Map<String, List<Double>> duckByPipeline = new LinkedHashMap<>();
        Map<String, List<Double>> sparkByPipeline = new LinkedHashMap<>();
        List<Double> duckDays = new ArrayList<>();
        List<Double> sparkDays = new ArrayList<>();
        SparkEngine spark = new SparkEngine(local2);
        try (Store duckStore = store(dir.resolve("duckdb-store")); Store sparkStore = store(dir.resolve("spark-store"))) {
            PipelineRunner duck = new PipelineRunner(onDuckDb, new RunStore(duckStore.jdbi()), Engines.of(new DuckDbEngine()), d -> { },
                    Instant::now);
            PipelineRunner onSparkRunner = new PipelineRunner(onSpark, new RunStore(sparkStore.jdbi()), Engines.of(new DuckDbEngine(), spark),
                    d -> { }, Instant::now);
            duck.run(List.of(), first);
            onSparkRunner.run(List.of(), first);
            int index = 0;
            for (LocalDate day = first.plusDays(1); !day.isAfter(last); day = day.plusDays(1), index++) {
                if (index % 2 == 0) {
                    duckDays.add(time(duck, day, duckByPipeline));
                    sparkDays.add(time(onSparkRunner, day, sparkByPipeline));
                } else {
                    sparkDays.add(time(onSparkRunner, day, sparkByPipeline));
                    duckDays.add(time(duck, day, duckByPipeline));
                }
            }
        } finally {
            spark.close();
        }
        System.out.printf(Locale.ROOT, "engines: %-22s %10s %10s %8s%n", "median seconds", "DuckDB", "Spark", "ratio");
        duckByPipeline.forEach((pipeline, times) -> {
            double a = BenchSupport.median(times);
            double b = BenchSupport.median(sparkByPipeline.get(pipeline));
            System.out.printf(Locale.ROOT, "engines: %-22s %10.3f %10.3f %8.1f%n", pipeline, a, b, b / a);
        });
        double a = BenchSupport.median(duckDays);
        double b = BenchSupport.median(sparkDays);
        System.out.printf(Locale.ROOT, "engines: %-22s %10.3f %10.3f %8.1f%n", "day (with checks)", a, b, b / a);
        System.out.printf(Locale.ROOT, "engines: spark/duckdb = %.1f%n", b / a);
    }

    /** The day's total wall time; each pipeline's engine time goes to its list. */
    private static double time(PipelineRunner runner, LocalDate day, Map<String, List<Double>> byPipeline) {
        long started = System.nanoTime();
        List<Run> runs = runner.run(List.of(), day);
        double seconds = (System.nanoTime() - started) / 1e9;
        for (Run run : runs) {
            if (run.status() != Run.Status.SUCCEEDED) {
                throw new IllegalStateException(run.pipeline() + " " + run.status().text() + " for " + day + ": " + run.error().orElse(""));
            }
            byPipeline.computeIfAbsent(run.pipeline(), p -> new ArrayList<>()).add(run.wallMillis() / 1000.0);
        }
        return seconds;
    }

    private static Store store(Path base) {
        return Store.open(new StoreLocation(StoreLocation.h2File(base), Optional.empty(), Optional.empty()));
    }
}
