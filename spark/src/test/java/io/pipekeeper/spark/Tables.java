package io.pipekeeper.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parquet files read back with DuckDB, whichever engine wrote them, and compared value by value. */
final class Tables {
    /** Relative tolerance for floating point: the engines may add up in another order. */
    static final double RELATIVE = 1e-9;

    record Table(Map<String, String> types, List<List<Object>> rows) {
    }

    private Tables() {
    }

    /** The file's columns with their types, and its rows in a fixed order (by every column). */
    static Table read(Path parquet) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            String from = "read_parquet('" + parquet.toString().replace("'", "''") + "')";
            Map<String, String> types = new LinkedHashMap<>();
            try (ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM " + from)) {
                while (rs.next()) {
                    types.put(rs.getString("column_name"), rs.getString("column_type"));
                }
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT * FROM " + from + " ORDER BY ALL")) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= types.size(); i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return new Table(types, rows);
        }
    }

    static void assertSameRows(Table actual, Table expected) {
        assertThat(actual.rows()).hasSameSizeAs(expected.rows());
        List<String> columns = List.copyOf(expected.types().keySet());
        for (int r = 0; r < expected.rows().size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                Object want = expected.rows().get(r).get(c);
                Object got = actual.rows().get(r).get(c);
                assertThat(same(got, want)).as("row " + r + ", column " + columns.get(c) + ": " + got + " on Spark, " + want + " on DuckDB")
                        .isTrue();
            }
        }
    }

    /** Integers, decimals and text exactly; floating point within {@link #RELATIVE}. */
    static boolean same(Object got, Object want) {
        if (got == null || want == null) {
            return got == want;
        }
        if (got instanceof Number a && want instanceof Number b) {
            return sameNumber(a.doubleValue(), b.doubleValue()) && (!(a instanceof BigDecimal x && b instanceof BigDecimal y)
                    || x.compareTo(y) == 0) && (floating(a) || floating(b) || a.toString().equals(b.toString()));
        }
        return got.equals(want);
    }

    static boolean sameNumber(Double got, Double want) {
        if (got == null || want == null) {
            return got == want;
        }
        return got.equals(want) || Math.abs(got - want) <= RELATIVE * Math.max(Math.abs(got), Math.abs(want));
    }

    private static boolean floating(Number n) {
        return n instanceof Double || n instanceof Float;
    }
}
