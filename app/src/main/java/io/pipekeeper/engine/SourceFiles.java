package io.pipekeeper.engine;

import io.pipekeeper.PipekeeperException;
import io.pipekeeper.config.Catalog;
import java.util.List;
import java.util.ServiceLoader;

/**
 * How a source's files are listed: under {@code storage.raw} on this machine ({@link LocalFiles}), or behind a URI
 * (HDFS, S3, any file system Hadoop reaches) through the Spark module, found with {@link ServiceLoader}: such
 * sources are read by Spark alone.
 */
public interface SourceFiles {
    /** The files matching a pattern with {@code *} in its last part, hidden ones left out, in order of location. */
    List<DataFile> glob(String pattern);

    /** The names of the entries of a folder; empty when it does not exist. */
    List<String> children(String folder);

    /** Where a pattern points, for messages. */
    default String shown(String pattern) {
        return pattern;
    }

    /** Makes the lister of sources at URIs from the catalog's settings (Spark's {@code spark.hadoop.*} reach the file systems). */
    interface Remote {
        SourceFiles create(Catalog catalog);
    }

    /** The lister of sources at URIs on the class path, or a clear error saying how to add it. */
    static SourceFiles remote(Catalog catalog) {
        return ServiceLoader.load(Remote.class).findFirst().map(provider -> provider.create(catalog))
                .orElseThrow(() -> new PipekeeperException("sources on HDFS, S3 or another URI are read by the spark engine: run"
                        + " pipekeeper with PIPEKEEPER_SPARK=1 (docs/scaling.md)"));
    }
}
