package io.pipekeeper.spark;

import io.pipekeeper.engine.Dialect;
import java.util.List;
import java.util.stream.Collectors;

/** Spark SQL where it differs from DuckDB's. */
final class SparkDialect implements Dialect {
    static final SparkDialect INSTANCE = new SparkDialect();

    private SparkDialect() {
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public String literal(String text) {
        // Spark reads backslash escapes in string literals.
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public String asText(String expression) {
        return "CAST(" + expression + " AS STRING)";
    }

    @Override
    public String fullMatch(String text, String regex) {
        // RLIKE finds the pattern anywhere: anchored at both ends (\z, not $, which also matches before a final newline).
        return text + " RLIKE " + literal("^(?:" + regex + ")\\z");
    }

    @Override
    public String approxDistinct(String expression) {
        // Spark's default allows 5 % error; 1 % keeps a distribution check's distinct count as steady as DuckDB's.
        return "approx_count_distinct(" + expression + ", 0.01)";
    }

    @Override
    public String notIn(String text, List<String> values) {
        // Spark turns a long IN list into one hash-set lookup on its own.
        return text + " NOT IN (" + values.stream().map(this::literal).collect(Collectors.joining(", ")) + ")";
    }
}
