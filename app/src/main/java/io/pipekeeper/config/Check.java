package io.pipekeeper.config;

import java.util.List;
import java.util.Optional;

/**
 * A data-quality check on a source or a pipeline's output, as declared. What each type reads:
 * {@code not_null} columns (and max_fraction), {@code unique} columns, {@code accepted_values} column and
 * values, {@code range} column and min/max, {@code pattern} column and regex, {@code format} column and format,
 * {@code references} column and its key elsewhere, {@code row_count} min/max, {@code freshness} nothing,
 * {@code volume} its anomaly settings, {@code sql} a query whose rows are the failures.
 *
 * @param severity critical, major or minor when set; otherwise the incident rules decide
 */
public record Check(String name, Type type, List<String> columns, double maxFraction, List<String> values,
                    Optional<Double> min, Optional<Double> max, Optional<String> regex, Optional<String> format,
                    Optional<String> referenceTable, Optional<String> referenceColumn, Optional<String> query,
                    Optional<String> severity, OnFail onFail, Optional<String> runbook, Anomaly anomaly) {
    public Check {
        columns = List.copyOf(columns);
        values = List.copyOf(values);
    }

    /** The kinds of check. */
    public enum Type {
        NOT_NULL, UNIQUE, ACCEPTED_VALUES, RANGE, PATTERN, FORMAT, REFERENCES, ROW_COUNT, FRESHNESS, VOLUME, SQL,
        /** A source's contract, checked on every run without being declared. */
        SCHEMA;

        public String text() {
            return name().toLowerCase();
        }
    }

    /** What a failure does. */
    public enum OnFail {
        /** Consumers do not run; an output is not published. */
        BLOCK,
        /** A signal only. */
        WARN;

        public String text() {
            return name().toLowerCase();
        }
    }

    /** How a volume check learns what is normal: days of history, standard deviations, and the least change that counts. */
    public record Anomaly(int trainingDays, double sensitivity, double minChange) {
        public static final Anomaly DEFAULT = new Anomaly(28, 3, 0.1);
    }

    public String column() {
        return columns.get(0);
    }
}
