package io.pipekeeper.quality;

import io.pipekeeper.config.Check;
import io.pipekeeper.engine.Dialect;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Each column-level check as SQL over the table's view: the predicate that marks a failing row (for the fused
 * scan's {@code count_if(…)} and for fetching samples), or, for {@code unique} on one column,
 * the aggregate that counts duplicates in the same scan.
 */
final class CheckSql {
    private static final List<String> ISO_CURRENCIES = Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode)
            .sorted().toList();
    private static final List<String> ISO_COUNTRIES = List.of(Locale.getISOCountries()).stream().sorted().toList();

    private CheckSql() {
    }

    /** The failing-row predicate for one column of a check, in an engine's SQL, or empty when the check is not row-level. */
    static Optional<String> failingRow(Dialect sql, Check check, String column) {
        String c = sql.quote(column);
        String text = sql.asText(c);
        return switch (check.type()) {
            case NOT_NULL -> Optional.of(c + " IS NULL");
            case ACCEPTED_VALUES -> Optional.of(c + " IS NOT NULL AND " + text + " NOT IN ("
                    + check.values().stream().map(sql::literal).collect(Collectors.joining(", ")) + ")");
            case RANGE -> Optional.of(c + " IS NOT NULL AND (" + String.join(" OR ", List.of(
                    check.min().map(min -> c + " < " + number(min)).orElse("FALSE"),
                    check.max().map(max -> c + " > " + number(max)).orElse("FALSE"))) + ")");
            case PATTERN -> Optional.of(c + " IS NOT NULL AND NOT " + sql.fullMatch(text, check.regex().orElseThrow()));
            case FORMAT -> Optional.of(c + " IS NOT NULL AND " + formatViolation(sql, check.format().orElseThrow(), text));
            default -> Optional.empty();
        };
    }

    private static String formatViolation(Dialect sql, String format, String text) {
        return switch (format) {
            case "iso_currency" -> sql.notIn(text, ISO_CURRENCIES);
            case "iso_country" -> sql.notIn(text, ISO_COUNTRIES);
            case "date" -> "TRY_CAST(" + text + " AS DATE) IS NULL";
            case "timestamp" -> "TRY_CAST(" + text + " AS TIMESTAMP) IS NULL";
            default -> "NOT " + sql.fullMatch(text, "[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
        };
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** What the check expects, in words, for results and pages. */
    static String expected(Check check) {
        return switch (check.type()) {
            case NOT_NULL -> check.maxFraction() == 0 ? "no NULLs" : "at most " + check.maxFraction() * 100 + " % NULLs";
            case UNIQUE -> "no duplicates of " + String.join(", ", check.columns());
            case ACCEPTED_VALUES -> "one of " + String.join(", ", check.values());
            case RANGE -> check.min().map(min -> ">= " + number(min)).orElse("") + (check.min().isPresent() && check.max().isPresent()
                    ? " and " : "") + check.max().map(max -> "<= " + number(max)).orElse("");
            case PATTERN -> "matches " + check.regex().orElseThrow();
            case FORMAT -> "a valid " + check.format().orElseThrow();
            case REFERENCES -> "every value in " + check.referenceTable().orElseThrow() + "." + check.referenceColumn().orElseThrow();
            case ROW_COUNT -> check.min().map(min -> ">= " + number(min) + " rows").orElse("") + (check.min().isPresent()
                    && check.max().isPresent() ? " and " : "") + check.max().map(max -> "<= " + number(max) + " rows").orElse("");
            case FRESHNESS -> "the partition, whole, by its arrives_by";
            case SQL -> "no rows from the query";
            case SCHEMA -> "the columns and types of the contract";
            case VOLUME -> "a row count like the last " + check.anomaly().trainingDays() + " days'";
            case DISTRIBUTION -> "null rate, distinct count and mean like the last " + check.anomaly().trainingDays() + " days'";
            case RECONCILE -> check.reconcile().map(r -> r.left() + " = " + r.right() + " within " + r.tolerance() * 100 + " %").orElse("");
            case NO_PII -> "no column that holds personal data (emails, phone numbers, people's names)";
        };
    }
}
