package io.pipekeeper.engine;

import io.pipekeeper.PipekeeperException;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Input;
import io.pipekeeper.config.Pipeline;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engines pipelines run on, by name: DuckDB always, and the engines found on the class path (the Spark
 * module) when the catalog's pipelines choose them. A source's checks run on Spark when any pipeline that reads
 * it runs there: a source big enough for Spark is too big to check on one machine.
 */
public final class Engines implements AutoCloseable {
    public static final String DUCKDB = "duckdb";

    private final Map<String, Engine> byName;

    private Engines(Map<String, Engine> byName) {
        this.byName = Map.copyOf(byName);
    }

    public static Engines of(Engine... engines) {
        Map<String, Engine> byName = new LinkedHashMap<>();
        for (Engine engine : engines) {
            byName.put(engine.name(), engine);
        }
        return new Engines(byName);
    }

    public static Engines duckDbOnly() {
        return of(new DuckDbEngine());
    }

    /** The names of the engines on the class path besides DuckDB. */
    public static Set<String> available() {
        Set<String> names = new TreeSet<>();
        ServiceLoader.load(EngineProvider.class).forEach(provider -> names.add(provider.name()));
        return names;
    }

    /** DuckDB, and each engine the catalog's pipelines choose, configured from the catalog. */
    public static Engines load(Catalog catalog) {
        Map<String, Engine> byName = new LinkedHashMap<>();
        byName.put(DUCKDB, new DuckDbEngine());
        Set<String> chosen = new TreeSet<>();
        catalog.pipelines().values().forEach(pipeline -> chosen.add(pipeline.engine()));
        for (EngineProvider provider : ServiceLoader.load(EngineProvider.class)) {
            if (chosen.contains(provider.name())) {
                byName.put(provider.name(), provider.create(catalog));
            }
        }
        return new Engines(byName);
    }

    public Engine named(String name) {
        Engine engine = byName.get(name);
        if (engine == null) {
            throw new PipekeeperException("the " + name + " engine is not on the class path; run pipekeeper with PIPEKEEPER_SPARK=1"
                    + " ./pipekeeper …, which builds the spark module and adds it (docs/scaling.md)");
        }
        return engine;
    }

    public Engine forPipeline(Pipeline pipeline) {
        return named(pipeline.engine());
    }

    /** Where a source's checks run: on the first engine other than DuckDB that a pipeline reading it uses, else DuckDB. */
    public Engine forSource(Catalog catalog, String sourceId) {
        return catalog.pipelines().values().stream()
                .filter(pipeline -> !pipeline.engine().equals(DUCKDB))
                .filter(pipeline -> pipeline.inputs().stream().anyMatch(input -> input.kind() == Input.Kind.SOURCE
                        && input.name().equals(sourceId)))
                .map(this::forPipeline).findFirst().orElse(named(DUCKDB));
    }

    /** Stops what the engines started (Spark's session). */
    @Override
    public void close() {
        byName.values().forEach(Engine::close);
    }
}
