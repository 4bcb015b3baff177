package io.pipekeeper.engine;

import io.pipekeeper.config.Source;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A fresh in-memory DuckDB database: tables are views over their files. */
final class DuckDbSession implements EngineSession {
    private static final Dialect SQL = Dialect.DUCKDB;

    private final Connection connection;

    DuckDbSession() throws SQLException {
        this.connection = DriverManager.getConnection("jdbc:duckdb:");
    }

    @Override
    public Dialect dialect() {
        return SQL;
    }

    @Override
    public void view(String name, InputFiles.Resolved files) throws SQLException {
        execute("CREATE OR REPLACE VIEW " + SQL.quote(name) + " AS SELECT * FROM " + readerOf(files)
                + files.cleanRows().map(condition -> " WHERE " + condition).orElse(""));
    }

    @Override
    public void view(String name, Path parquet) throws SQLException {
        execute("CREATE OR REPLACE VIEW " + SQL.quote(name) + " AS SELECT * FROM read_parquet(" + SQL.literal(parquet.toString()) + ")");
    }

    /** DuckDB's reader of an input's files: Parquet by column name, CSV with the contract's types. */
    static String readerOf(InputFiles.Resolved input) {
        if (input.format() == Source.Format.CSV) {
            // The contract's types, not guesses: a DECIMAL(12,2) stays exact.
            String columns = input.columns().entrySet().stream()
                    .map(column -> SQL.literal(column.getKey()) + ": " + SQL.literal(column.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
            return "read_csv(" + list(input.locations()) + ", header = true, columns = " + columns + ")";
        }
        return "read_parquet(" + list(input.locations()) + ", union_by_name = true, hive_partitioning = false)";
    }

    @Override
    public String reader(InputFiles.Resolved files) {
        return readerOf(files);
    }

    @Override
    public String reader(List<String> files) {
        return files.size() == 1 ? "read_parquet(" + SQL.literal(files.get(0)) + ")" : "read_parquet(" + list(files) + ")";
    }

    private static String list(List<String> files) {
        return files.stream().map(SQL::literal).collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public List<List<Object>> rows(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(meta.getColumnCount());
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public List<Map<String, Object>> records(String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    row.put(meta.getColumnName(i), value == null ? null : value.toString());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public Map<String, String> describe(String view) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        for (List<Object> row : rows("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + SQL.quote(view) + ")")) {
            columns.put((String) row.get(0), (String) row.get(1));
        }
        return columns;
    }

    @Override
    public long parquetRows(List<String> files) throws SQLException {
        return single("SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata(" + list(files) + ")");
    }

    @Override
    public Map<String, Long> parquetRowsByFile(List<String> files) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        if (files.isEmpty()) {
            return rows;
        }
        for (List<Object> row : rows("SELECT file_name, num_rows FROM parquet_file_metadata(" + list(files) + ")")) {
            rows.merge((String) row.get(0), ((Number) row.get(1)).longValue(), Long::sum);
        }
        return rows;
    }

    @Override
    public Optional<long[]> integerRange(List<String> parquet, String column) throws SQLException {
        List<Object> row = rows("SELECT min(TRY_CAST(stats_min_value AS BIGINT)), max(TRY_CAST(stats_max_value AS BIGINT)),"
                + " count(*) FILTER (WHERE stats_min_value IS NULL OR stats_max_value IS NULL), count(*)"
                + " FROM parquet_metadata(" + list(parquet) + ") WHERE path_in_schema = " + SQL.literal(column)
                + " AND type IN ('INT32', 'INT64')").get(0);
        boolean complete = row.get(0) != null && row.get(1) != null && ((Number) row.get(2)).longValue() == 0
                && ((Number) row.get(3)).longValue() > 0;
        return complete ? Optional.of(new long[] {((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue()}) : Optional.empty();
    }

    @Override
    public Set<String> dictionaryEncoded(List<String> parquet) throws SQLException {
        // One read of the footers for every column: asked column by column, a wide file's footers were read 20 times (1.2 s).
        Set<String> columns = new HashSet<>();
        for (List<Object> row : rows("SELECT path_in_schema FROM parquet_metadata(" + list(parquet) + ") GROUP BY path_in_schema"
                + " HAVING bool_and(encodings LIKE '%DICTIONARY%' AND dictionary_page_offset IS NOT NULL)")) {
            columns.add((String) row.get(0));
        }
        return columns;
    }

    @Override
    public long writeParquet(String sql, Path file) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeLargeUpdate("COPY (" + sql + ") TO " + SQL.literal(file.toString()) + " (FORMAT parquet)");
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // an in-memory database: nothing to keep
        }
    }
}
