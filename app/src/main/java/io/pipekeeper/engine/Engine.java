package io.pipekeeper.engine;

import io.pipekeeper.config.Resources;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** A SQL engine that runs pipelines and checks: DuckDB in this process, or Spark from the optional module. */
public interface Engine {
    /** Its name in the configuration: {@code duckdb}, {@code spark}. */
    String name();

    /**
     * Runs a pipeline's query over its inputs (each a view of its name) and writes the result to one Parquet file.
     *
     * @param sql    the rendered query (placeholders already replaced)
     * @param output the Parquet file to write (a staging file; the caller publishes it)
     * @throws EngineFailure with a diagnosis when the query does not finish
     */
    Execution execute(String pipeline, String sql, List<InputFiles.Resolved> inputs, Resources resources, Path output);

    /** Its SQL, where it differs from the other engines'. */
    Dialect dialect();

    /** A fresh session for checks. */
    EngineSession open() throws SQLException;

    /** Stops what the engine started; DuckDB starts nothing that outlives a run. */
    default void close() {
    }

    /**
     * What one execution used and produced.
     *
     * @param cpuMillis       CPU time spent on it (this process's for DuckDB, the executors' for Spark)
     * @param peakMemoryBytes the most memory it held at once, as the engine measures it
     */
    record Execution(long rowsIn, long rowsOut, long bytesWritten, long cpuMillis, long peakMemoryBytes, Duration wall) {
    }
}
