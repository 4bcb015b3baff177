package io.pipekeeper.engine;

import io.pipekeeper.config.Catalog;

/**
 * An engine outside the application jar (the Spark module), found with {@link java.util.ServiceLoader} when its
 * jar is on the class path: listed in {@code META-INF/services/io.pipekeeper.engine.EngineProvider}.
 */
public interface EngineProvider {
    /** The name pipelines choose it by. */
    String name();

    /** The engine, configured from the catalog (Spark reads its {@code spark:} section). */
    Engine create(Catalog catalog);
}
