package io.pipekeeper.spark;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SparkSettings;
import io.pipekeeper.engine.DuckDbEngine;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.sample.Fault;
import io.pipekeeper.sample.SampleData;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The seed's team twice over one set of generated raw data: once with every pipeline on DuckDB, once on Spark,
 * each with its own warehouse, quarantine and store. One Spark context (local[2]) serves every test.
 */
final class SeedOnBothEngines {
    static final LocalDate FIRST = LocalDate.of(2026, 10, 25);
    /** A clean day: every pipeline runs. */
    static final LocalDate CLEAN = LocalDate.of(2026, 11, 4);
    /** A day of faults in orders: checks fail, and on both engines the same way. */
    static final LocalDate FAULTY = LocalDate.of(2026, 11, 5);
    static final SparkEngine SPARK = new SparkEngine(new SparkSettings("local[2]", java.util.Map.of()));
    static final Path SEED = Path.of("..", "examples", "seed");

    private SeedOnBothEngines() {
    }

    /** The seed (its text changed by {@code edit}) in {@code dir}, reading raw data from {@code raw}. */
    static Catalog seed(Path dir, Path raw, UnaryOperator<String> edit) {
        try {
            Files.createDirectories(dir.resolve("pipelines"));
            try (Stream<Path> sql = Files.list(SEED.resolve("pipelines"))) {
                for (Path file : sql.toList()) {
                    Files.copy(file, dir.resolve("pipelines").resolve(file.getFileName()));
                }
            }
            String text = Files.readString(SEED.resolve("pipekeeper.yaml"))
                    .replace("storage: {raw: data/raw,", "storage: {raw: \"" + raw.toAbsolutePath() + "\",");
            Files.writeString(dir.resolve("pipekeeper.yaml"), edit.apply(text));
            return new ConfigLoader(Engines.available()).load(dir.resolve("pipekeeper.yaml"), "pipekeeper.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ten days of the seed's sources at a small scale, with faults in orders on {@link #FAULTY}. */
    static void generate(Catalog catalog) {
        List<Fault> faults = Stream.of("null_spike:orders.user_id", "bad_format:orders.currency", "duplicates:orders",
                "negative_values:orders.quantity", "orphan_keys:orders.product_id")
                .map(fault -> Fault.parse(fault + "@" + FAULTY)).toList();
        new SampleData(catalog).generate(new SampleData.Options(FIRST, FAULTY, 0.002, 7, faults), day -> { });
    }

    static Engines duckDb() {
        return Engines.of(new DuckDbEngine());
    }

    static Engines spark() {
        return Engines.of(new DuckDbEngine(), SPARK);
    }

    static Store store(Path dir) {
        return Store.open(new StoreLocation(StoreLocation.h2File(dir.resolve("store")), Optional.empty(), Optional.empty()));
    }
}
