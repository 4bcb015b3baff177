package io.pipekeeper.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads the {@code checks} of a source or a pipeline, and checks that each names what it needs and what exists. */
final class CheckReader extends SectionReader {
    private final Set<String> tables;

    /** @param tables the sources and pipelines a {@code references} check may point at */
    CheckReader(YamlDocument document, List<ConfigProblem> problems, Set<String> personIds, Set<String> tables) {
        super(document, problems, personIds);
        this.tables = tables;
    }

    /** @param columns the table's known columns (a source's contract), or empty when they are not declared */
    List<Check> read(JsonNode node, ConfigPath path, Optional<Collection<String>> columns) {
        return forEachItem(node, path, (item, itemPath) -> readOne(item, itemPath, columns));
    }

    private Check readOne(JsonNode node, ConfigPath path, Optional<Collection<String>> known) {
        String typeText = text(node, path.key("type"));
        if (typeText == null || !typeText.matches("not_null|unique|accepted_values|range|pattern|format|references|row_count|freshness|volume|distribution|reconcile|no_pii|sql")) {
            return null;
        }
        Check.Type type = Check.Type.valueOf(typeText.toUpperCase());
        List<String> columns = new ArrayList<>(texts(node.path("columns"), path.key("columns")));
        String column = text(node, path.key("column"));
        if (column != null) {
            columns.add(0, column);
        }
        for (int i = 0; i < columns.size() && known.isPresent(); i++) {
            String name = columns.get(i);
            if (!known.get().contains(name)) {
                ConfigPath at = column != null && i == 0 ? path.key("column") : path.key("columns").index(column != null ? i - 1 : i);
                report(at, "'" + name + "' is not a column of this table" + Suggestions.didYouMean(name, known.get())
                        + " (columns: " + String.join(", ", known.get()) + ")");
                return null;
            }
        }
        boolean needsColumn = type != Check.Type.ROW_COUNT && type != Check.Type.FRESHNESS && type != Check.Type.SQL
                && type != Check.Type.VOLUME && type != Check.Type.RECONCILE && type != Check.Type.NO_PII;
        if (needsColumn && columns.isEmpty()) {
            report(path, "this " + typeText + " check needs column: (or columns:)");
            return null;
        }
        List<String> values = new ArrayList<>();
        node.path("values").forEach(v -> values.add(v.asText()));
        Optional<Double> min = node.path("min").isNumber() ? Optional.of(node.get("min").asDouble()) : Optional.empty();
        Optional<Double> max = node.path("max").isNumber() ? Optional.of(node.get("max").asDouble()) : Optional.empty();
        Optional<String> regex = Optional.ofNullable(text(node, path.key("regex")));
        Optional<String> format = Optional.ofNullable(text(node, path.key("format")));
        Optional<String> query = Optional.ofNullable(text(node, path.key("query")));
        String to = text(node, path.key("to"));
        String missing = switch (type) {
            case ACCEPTED_VALUES -> values.isEmpty() ? "values:" : null;
            case RANGE, ROW_COUNT -> min.isEmpty() && max.isEmpty() ? "min: or max:" : null;
            case PATTERN -> regex.isEmpty() ? "regex:" : null;
            case FORMAT -> format.isEmpty() ? "format:" : null;
            case REFERENCES -> to == null ? "to: (table.column)" : null;
            case SQL -> query.isEmpty() ? "query:" : null;
            case RECONCILE -> text(node, path.key("left")) == null || text(node, path.key("right")) == null ? "left: and right:" : null;
            default -> null;
        };
        if (missing != null) {
            report(path, "this " + typeText + " check needs " + missing);
            return null;
        }
        if (regex.isPresent()) {
            try {
                Pattern.compile(regex.get());
            } catch (PatternSyntaxException e) {
                report(path.key("regex"), "'" + regex.get() + "' is not a regular expression: " + e.getDescription());
                return null;
            }
        }
        Optional<String> referenceTable = Optional.empty();
        Optional<String> referenceColumn = Optional.empty();
        if (to != null && to.contains(".")) {
            String table = to.substring(0, to.indexOf('.'));
            if (!tables.contains(table)) {
                report(path.key("to"), "'" + table + "' is neither a source nor a pipeline" + Suggestions.didYouMean(table, tables));
                return null;
            }
            referenceTable = Optional.of(table);
            referenceColumn = Optional.of(to.substring(to.indexOf('.') + 1));
        }
        Optional<Check.Reconcile> reconcile = Optional.empty();
        if (type == Check.Type.RECONCILE) {
            Check.Aggregate left = Check.Aggregate.parse(text(node, path.key("left")));
            Check.Aggregate right = Check.Aggregate.parse(text(node, path.key("right")));
            for (Check.Aggregate side : List.of(left, right)) {
                if (!tables.contains(side.table())) {
                    report(path.key(side == left ? "left" : "right"), "'" + side.table() + "' is neither a source nor a pipeline"
                            + Suggestions.didYouMean(side.table(), tables));
                    return null;
                }
            }
            reconcile = Optional.of(new Check.Reconcile(left, right, node.path("tolerance").asDouble(1e-6)));
        }
        double maxFraction = node.path("max_fraction").asDouble(0);
        String name = Optional.ofNullable(text(node, path.key("name")))
                .orElse(typeText + (columns.isEmpty() ? "" : "(" + String.join(", ", columns) + ")"));
        // Late data is complete data, and an anomaly may be real: both warn by default; every other failure blocks.
        String onFailText = Optional.ofNullable(text(node, path.key("on_fail")))
                .orElse(type == Check.Type.FRESHNESS || type == Check.Type.VOLUME || type == Check.Type.DISTRIBUTION ? "warn" : "block");
        Check.OnFail onFail = Check.OnFail.valueOf(onFailText.toUpperCase());
        boolean rowLevel = type == Check.Type.NOT_NULL || type == Check.Type.ACCEPTED_VALUES || type == Check.Type.RANGE
                || type == Check.Type.PATTERN || type == Check.Type.FORMAT;
        if (onFail == Check.OnFail.QUARANTINE && (!rowLevel || known.isEmpty())) {
            report(path.key("on_fail"), "quarantine sets failing rows aside, so it works only for row-level checks on sources"
                    + " (not_null, accepted_values, range, pattern, format); use block or warn");
            return null;
        }
        return new Check(name, type, columns, maxFraction, values, min, max, regex, format, referenceTable, referenceColumn,
                query, Optional.ofNullable(text(node, path.key("severity"))), onFail, Optional.ofNullable(text(node, path.key("runbook"))),
                anomaly(node), reconcile);
    }

    private static Check.Anomaly anomaly(JsonNode node) {
        boolean weekly = "day_of_week".equals(node.path("seasonality").asText());
        return new Check.Anomaly(node.path("training_days").asInt(weekly ? 56 : Check.Anomaly.DEFAULT.trainingDays()),
                node.path("sensitivity").asDouble(Check.Anomaly.DEFAULT.sensitivity()),
                node.path("min_change").asDouble(Check.Anomaly.DEFAULT.minChange()), weekly);
    }
}
