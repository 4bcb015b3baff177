package io.pipekeeper.config;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Data that pipelines read: files under {@code storage.raw}, one folder per day or one set of files, with
 * the columns it promises (its contract).
 *
 * @param path   relative to storage.raw; {@code {date}} stands for the partition's date
 * @param schema column name → SQL type, in the file's order
 */
public record Source(String id, String path, Partition partition, Optional<LocalTime> arrivesBy, Format format,
                     Map<String, String> schema, List<Check> checks) {
    public Source {
        schema = Collections.unmodifiableMap(new LinkedHashMap<>(schema));
        checks = List.copyOf(checks);
    }

    /** How a source is cut into partitions. */
    public enum Partition { DAILY, NONE }

    /** How its files are written. */
    public enum Format { PARQUET, CSV }

    /** The path pattern for one day's partition (the pattern itself when not partitioned). */
    /** Whether the path is a URI ({@code hdfs://…}, {@code s3a://…}), which only the spark engine reads. */
    public boolean remote() {
        return path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    }

    public String pathFor(LocalDate date) {
        return path.replace("{date}", date.toString());
    }
}
