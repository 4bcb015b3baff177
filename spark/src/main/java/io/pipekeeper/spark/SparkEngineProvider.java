package io.pipekeeper.spark;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.engine.Engine;
import io.pipekeeper.engine.EngineProvider;

/** Makes {@code engine: spark} available when this module's jar is on the class path. */
public final class SparkEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return SparkEngine.NAME;
    }

    @Override
    public Engine create(Catalog catalog) {
        return new SparkEngine(catalog.spark());
    }
}
