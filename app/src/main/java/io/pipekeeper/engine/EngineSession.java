package io.pipekeeper.engine;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One engine session for checks: tables as views of their names, queries, and writing a query's rows to one
 * Parquet file. Its views are its own; closing it drops them. Failures are {@link SQLException}s whose first
 * line says what went wrong, on every engine.
 */
public interface EngineSession extends AutoCloseable {
    Dialect dialect();

    /** A view named {@code name} over an input's files (read with its contract's types when they are CSV). */
    void view(String name, InputFiles.Resolved files) throws SQLException;

    /** A view named {@code name} over one Parquet file. */
    void view(String name, Path parquet) throws SQLException;

    /** How a person reads an input's files outside pipekeeper, in this engine's SQL: for the queries a result shows. */
    String reader(InputFiles.Resolved files);

    /** How a person reads Parquet files (paths or URIs) outside pipekeeper, in this engine's SQL. */
    String reader(List<String> parquet);

    /** The rows of a query, each value as the engine returns it (numbers, strings, dates; null for NULL). */
    List<List<Object>> rows(String sql) throws SQLException;

    /** The rows of a query by column name, each value as text (null for NULL): samples for people to read. */
    List<Map<String, Object>> records(String sql) throws SQLException;

    /** The columns of a view and their types, in DuckDB's names (VARCHAR, BIGINT, DECIMAL(12,2), TIMESTAMP…). */
    Map<String, String> describe(String view) throws SQLException;

    /** The rows of Parquet files (paths or URIs), from their footers. */
    long parquetRows(List<String> files) throws SQLException;

    /**
     * The rows of each of many Parquet files, from their footers, by file as given; in one read where the engine can.
     * Fails as a whole when one file cannot be read.
     */
    default Map<String, Long> parquetRowsByFile(List<String> files) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String file : files) {
            rows.put(file, parquetRows(List.of(file)));
        }
        return rows;
    }

    /**
     * The smallest and largest value of an integer column across Parquet files, from their footers' statistics,
     * when every row group has them; empty otherwise, or when the engine does not read footers.
     */
    default Optional<long[]> integerRange(List<String> parquet, String column) throws SQLException {
        return Optional.empty();
    }

    /**
     * The columns every chunk of which is dictionary-encoded in these Parquet files (few distinct values), read from
     * the footers once, so that a check may be judged once per distinct value; none when the engine does not read
     * footers, or cannot judge a column's values apart from its scan.
     */
    default Set<String> dictionaryEncoded(List<String> parquet) throws SQLException {
        return Set.of();
    }

    /** Writes the query's rows to one Parquet file (the caller moves it into place); returns how many. */
    long writeParquet(String sql, Path file) throws SQLException;

    /** The first value of the first row, as a long (0 when NULL). */
    default long single(String sql) throws SQLException {
        Object value = rows(sql).get(0).get(0);
        return value == null ? 0 : ((Number) value).longValue();
    }

    @Override
    void close();
}
