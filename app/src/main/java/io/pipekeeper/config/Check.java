package io.pipekeeper.config;

import java.util.List;
import java.util.Optional;

/**
 * A data-quality check on a source or a pipeline's output, as declared. What each type reads:
 * {@code not_null} columns (and max_fraction), {@code unique} columns, {@code accepted_values} column and
 * values, {@code range} column and min/max, {@code pattern} column and regex, {@code format} column and format,
 * {@code references} column and its key elsewhere, {@code row_count} min/max, {@code freshness} nothing,
 * {@code volume} its anomaly settings, {@code distribution} columns and anomaly settings, {@code reconcile} two aggregates, {@code no_pii} nothing (it is on for
 * every investor-facing output), {@code sql} a query whose rows are the failures.
 *
 * @param severity critical, major or minor when set; otherwise the incident rules decide
 */
public record Check(String name, Type type, List<String> columns, double maxFraction, List<String> values,
                    Optional<Double> min, Optional<Double> max, Optional<String> regex, Optional<String> format,
                    Optional<String> referenceTable, Optional<String> referenceColumn, Optional<String> query,
                    Optional<String> severity, OnFail onFail, Optional<String> runbook, Anomaly anomaly,
                    Optional<Reconcile> reconcile) {
    public Check {
        columns = List.copyOf(columns);
        values = List.copyOf(values);
    }

    /** The kinds of check. */
    public enum Type {
        NOT_NULL, UNIQUE, ACCEPTED_VALUES, RANGE, PATTERN, FORMAT, REFERENCES, ROW_COUNT, FRESHNESS, VOLUME, DISTRIBUTION, RECONCILE,
        NO_PII, SQL,
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
        WARN,
        /** Row-level checks on sources: failing rows go to storage.quarantine and consumers read the rest. */
        QUARANTINE;

        public String text() {
            return name().toLowerCase();
        }
    }

    /**
     * How a volume check learns what is normal: days of history, standard deviations, the least change that
     * counts, and whether a day is compared only with the same weekday ({@code seasonality: day_of_week}).
     */
    public record Anomaly(int trainingDays, double sensitivity, double minChange, boolean sameWeekday) {
        public static final Anomaly DEFAULT = new Anomaly(28, 3, 0.1, false);
    }

    /** Two aggregates over two tables that must agree within a relative tolerance. */
    public record Reconcile(Aggregate left, Aggregate right, double tolerance) {
    }

    /** {@code sum(unit_profit.profit)}: a function over one table's column. */
    public record Aggregate(String function, String table, String column) {
        public static Aggregate parse(String text) {
            int open = text.indexOf('(');
            int dot = text.indexOf('.', open);
            return new Aggregate(text.substring(0, open), text.substring(open + 1, dot), text.substring(dot + 1, text.length() - 1));
        }

        @Override
        public String toString() {
            return function + "(" + table + "." + column + ")";
        }
    }

    public String column() {
        return columns.get(0);
    }
}
