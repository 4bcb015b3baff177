package io.pipekeeper.bench;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.Input;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.config.Source;
import java.util.LinkedHashMap;
import java.util.Map;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.engine.InputFiles;
import io.pipekeeper.pipeline.PipelineRunner;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.pipeline.SqlTemplate;
import io.pipekeeper.sample.SampleData;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The five seed pipelines over N days of generated data: through pipekeeper (inputs resolved, limits set,
 * staging, atomic publish, the run and its figures stored) and, side by side, the same SQL raw through DuckDB
 * JDBC (views over the same files, COPY to Parquet). Each day runs both ({@code --repeat} times, keeping the fastest
 * of each), alternating which goes first; the figures are the medians of the per-day totals.
 */
final class PipelinesBench {
    private PipelinesBench() {
    }

    /** Prints the figures; returns pipekeeper's time over raw DuckDB's. */
    static double run(String[] args) throws Exception {
        double scale = Double.parseDouble(BenchSupport.option(args, "--scale", "1"));
        int days = Integer.parseInt(BenchSupport.option(args, "--days", "28"));
        // Each day's runs repeated, in turn, and the fastest of each kept: a run slowed by the machine's other work
        // counts less than in a single pass, where one side's bad moment moved the ratio by a tenth.
        int repeat = BenchSupport.intOption(args, "--repeat", 1);
        Path dir = Files.createTempDirectory("pipekeeper-bench-pipelines-");
        Catalog catalog = BenchSupport.seed(dir, "");
        // The raw side reads the same sources and writes (and reads upstream outputs) in a warehouse of its own.
        Path rawConfig = Files.writeString(dir.resolve("raw.yaml"), Files.readString(dir.resolve("pipekeeper.yaml"))
                .replace("warehouse: data/warehouse", "warehouse: data/raw-warehouse"));
        Catalog rawCatalog = new ConfigLoader().load(rawConfig, "raw.yaml");
        LocalDate last = LocalDate.of(2026, 11, 7);
        LocalDate first = last.minusDays(days - 1L);
        SampleData.Summary data = new SampleData(catalog).generate(new SampleData.Options(first, last, scale, 1, List.of()), d -> { });
        System.out.printf(Locale.ROOT, "pipelines: scale %s, %d days (each run %d times, the fastest kept), %,d rows generated in %.1f s (%,.0f rows/s); %d cores, Java %s%n",
                scale, days, repeat, data.rows(), data.wall().toMillis() / 1000.0, data.rowsPerSecond(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        List<Double> pipekeeper = new ArrayList<>();
        List<Double> unchecked = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        try (Store store = Store.open(new StoreLocation(StoreLocation.h2File(dir.resolve("store")), Optional.empty(), Optional.empty()))) {
            PipelineRunner runner = new PipelineRunner(catalog, new RunStore(store.jdbi()), Engines.duckDbOnly(), d -> { }, Instant::now);
            PipelineRunner withoutChecks = new PipelineRunner(withoutDeclaredChecks(catalog), new RunStore(store.jdbi()), Engines.duckDbOnly(),
                    d -> { }, Instant::now);
            warmUp(runner, rawCatalog, first);
            withoutChecks.run(List.of(), first);
            int index = 0;
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                double[] fastest = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
                for (int round = 0; round < repeat; round++, index++) {
                    if (index % 2 == 0) {
                        fastest[0] = Math.min(fastest[0], timePipekeeper(runner, day));
                        fastest[1] = Math.min(fastest[1], timePipekeeper(withoutChecks, day));
                        fastest[2] = Math.min(fastest[2], timeRaw(rawCatalog, day));
                    } else {
                        fastest[2] = Math.min(fastest[2], timeRaw(rawCatalog, day));
                        fastest[1] = Math.min(fastest[1], timePipekeeper(withoutChecks, day));
                        fastest[0] = Math.min(fastest[0], timePipekeeper(runner, day));
                    }
                }
                pipekeeper.add(fastest[0]);
                unchecked.add(fastest[1]);
                raw.add(fastest[2]);
            }
        }
        double a = BenchSupport.median(pipekeeper);
        double c = BenchSupport.median(unchecked);
        double b = BenchSupport.median(raw);
        System.out.printf(Locale.ROOT, "pipelines: medians a day (five pipelines): pipekeeper %.3f s, pipekeeper without the declared checks"
                + " %.3f s, raw DuckDB JDBC %.3f s%n", a, c, b);
        System.out.printf(Locale.ROOT, "pipelines: pipekeeper without declared checks/raw = %.2f (the runner's own cost)%n", c / b);
        System.out.printf(Locale.ROOT, "pipelines: pipekeeper/raw = %.2f%n", a / b);
        return a / b;
    }

    /** The catalog with no declared checks (contracts and the implicit ones stay): the runner's own cost, apart from the checks'. */
    private static Catalog withoutDeclaredChecks(Catalog c) {
        Map<String, Pipeline> pipelines = new LinkedHashMap<>();
        c.pipelines().forEach((id, p) -> pipelines.put(id, new Pipeline(p.id(), p.area(), p.name(), p.audience(), p.purpose(), p.owners(),
                p.needs(), p.dependsOn(), p.schedule(), p.metrics(), p.inputs(), p.sql(), p.resources(), p.retries(), List.of(), p.output(),
                p.contractPins(), p.openLineageJob(), p.runbook(), p.engine(), p.autoRecovery(), p.escalation())));
        Map<String, Source> sources = new LinkedHashMap<>();
        c.sources().forEach((id, s) -> sources.put(id, new Source(s.id(), s.path(), s.partition(), s.arrivesBy(), s.format(), s.schema(),
                List.of())));
        return new Catalog(c.file(), c.version(), c.store(), c.team(), c.severities(), c.oncall(), pipelines, c.storage(), sources, c.email(),
                c.phone(), c.slack(), c.webhook(), c.teams(), c.baseUrl(), c.severityRules(), c.integrations(), c.spark(), c.maintenance(),
                c.statusPages());
    }

    private static void warmUp(PipelineRunner runner, Catalog rawCatalog, LocalDate day) throws Exception {
        runner.run(List.of(), day);
        timeRaw(rawCatalog, day);
    }

    private static double timePipekeeper(PipelineRunner runner, LocalDate day) {
        long started = System.nanoTime();
        List<Run> runs = runner.run(List.of(), day);
        double seconds = (System.nanoTime() - started) / 1e9;
        runs.stream().filter(r -> r.status() != Run.Status.SUCCEEDED).findFirst().ifPresent(r -> {
            throw new IllegalStateException(r.pipeline() + " " + r.status().text() + ": " + r.error().orElse(""));
        });
        return seconds;
    }

    /** The same SQL over the same files, in a fresh DuckDB per pipeline, written with COPY: nothing else. */
    private static double timeRaw(Catalog catalog, LocalDate day) throws Exception {
        long started = System.nanoTime();
        InputFiles files = new InputFiles(catalog);
        for (String id : PipelineRunner.order(catalog, List.of())) {
            Pipeline pipeline = catalog.pipeline(id);
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                 Statement statement = connection.createStatement()) {
                for (Input input : pipeline.inputs()) {
                    String list = files.resolve(input, day).locations().stream().map(f -> "'" + f + "'")
                            .collect(Collectors.joining(", ", "[", "]"));
                    statement.execute("CREATE VIEW " + input.name() + " AS SELECT * FROM read_parquet(" + list + ", union_by_name = true, hive_partitioning = false)");
                }
                String sql = SqlTemplate.render(Files.readString(pipeline.sql()), day);
                Path output = catalog.storage().warehouse().resolve(pipeline.id()).resolve("date=" + day).resolve("data.parquet");
                Files.createDirectories(output.getParent());
                statement.execute("COPY (" + sql + ") TO '" + output + "' (FORMAT parquet)");
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
