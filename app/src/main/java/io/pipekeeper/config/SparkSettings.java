package io.pipekeeper.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where pipelines with {@code engine: spark} run.
 *
 * @param master {@code local[*]}, {@code spark://host:7077}, {@code yarn} or {@code k8s://https://…}
 * @param conf   Spark settings passed as they are ({@code spark.executor.memory: 8g}, …)
 */
public record SparkSettings(String master, Map<String, String> conf) {
    public static final SparkSettings LOCAL = new SparkSettings("local[*]", Map.of());

    public SparkSettings {
        conf = Collections.unmodifiableMap(new LinkedHashMap<>(conf));
    }
}
