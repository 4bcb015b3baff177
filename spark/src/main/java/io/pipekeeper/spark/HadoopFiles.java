package io.pipekeeper.spark;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SparkSettings;
import io.pipekeeper.engine.DataFile;
import io.pipekeeper.engine.SourceFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Sources behind URIs, listed through Hadoop's FileSystem: {@code hdfs://} with the HDFS client Spark carries,
 * {@code s3a://}, {@code gs://} or {@code abfs://} when their connector's jars are added, {@code file://} always.
 * Settings come from {@code spark.conf}'s {@code spark.hadoop.*} keys, as Spark itself reads them.
 */
final class HadoopFiles implements SourceFiles {
    private static final String PREFIX = "spark.hadoop.";

    private final Configuration conf;

    HadoopFiles(SparkSettings settings) {
        this.conf = new Configuration();
        settings.conf().forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                conf.set(key.substring(PREFIX.length()), value);
            }
        });
    }

    @Override
    public List<DataFile> glob(String pattern) {
        try {
            Path path = new Path(pattern);
            FileStatus[] matches = path.getFileSystem(conf).globStatus(path);
            if (matches == null) {
                return List.of();
            }
            return Arrays.stream(matches)
                    .filter(FileStatus::isFile)
                    .filter(status -> !status.getPath().getName().startsWith(".") && !status.getPath().getName().startsWith("_"))
                    .sorted(Comparator.comparing(status -> status.getPath().toString()))
                    .map(status -> new DataFile(status.getPath().toString(), Instant.ofEpochMilli(status.getModificationTime())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + pattern + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> children(String folder) {
        try {
            FileSystem fs = FileSystem.get(URI.create(folder), conf);
            return Arrays.stream(fs.listStatus(new Path(folder))).map(status -> status.getPath().getName()).toList();
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Listed in META-INF/services: found when a source's path is a URI. */
    public static final class Provider implements SourceFiles.Remote {
        @Override
        public SourceFiles create(Catalog catalog) {
            return new HadoopFiles(catalog.spark());
        }
    }
}
