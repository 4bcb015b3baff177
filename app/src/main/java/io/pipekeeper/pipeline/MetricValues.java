package io.pipekeeper.pipeline;

import io.pipekeeper.engine.Publisher;
import io.pipekeeper.config.Catalog;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The published metric values of a pipeline, day by day, read from its Parquet outputs with DuckDB. */
public final class MetricValues {
    /** At most this many rows are returned; ask for fewer days for more. */
    public static final int MAX_ROWS = 10_000;

    private final Catalog catalog;

    public MetricValues(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The rows published for each day from {@code from} to {@code to} that has an output, each with its {@code date}. */
    public List<Map<String, Object>> read(String pipeline, LocalDate from, LocalDate to) throws SQLException {
        List<String> files = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Path file = Publisher.outputFile(catalog.storage().warehouse(), pipeline, day);
            if (Files.isRegularFile(file)) {
                files.add("'" + file.toString().replace("'", "''") + "'");
            }
        }
        if (files.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT * FROM read_parquet([" + String.join(", ", files) + "], hive_partitioning = true) LIMIT " + MAX_ROWS;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), plain(rows.getObject(i)));
                }
                result.add(row);
            }
            return result;
        }
    }

    /** A value as JSON writes it plainly: numbers and text stay, decimals become numbers, dates and times become text. */
    private static Object plain(Object value) {
        if (value == null || value instanceof Number && !(value instanceof BigDecimal) || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        }
        return value.toString();
    }
}
