package io.pipekeeper.pipeline;

import io.pipekeeper.PipekeeperException;
import io.pipekeeper.config.Catalog;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Files behind a URI (HDFS, S3, any file system Hadoop reaches), listed for sources whose path is one. Only
 * the Spark module provides it (through Hadoop's FileSystem), found with {@link ServiceLoader}: such sources are
 * read by Spark alone.
 */
public interface RemoteFiles {
    /** The files matching a pattern with {@code *} in its last part, hidden ones left out, in order of location. */
    List<DataFile> glob(String pattern);

    /** The names of the entries of a folder; empty when it does not exist. */
    List<String> children(String folder);

    /** Made from the catalog's settings (Spark's {@code spark.hadoop.*} settings reach the file systems). */
    interface Provider {
        RemoteFiles create(Catalog catalog);
    }

    /** The provider on the class path, or a clear error saying how to add it. */
    static RemoteFiles of(Catalog catalog) {
        return ServiceLoader.load(Provider.class).findFirst().map(provider -> provider.create(catalog))
                .orElseThrow(() -> new PipekeeperException("sources on HDFS, S3 or another URI are read by the spark engine: run"
                        + " pipekeeper with PIPEKEEPER_SPARK=1 (docs/scaling.md)"));
    }
}
