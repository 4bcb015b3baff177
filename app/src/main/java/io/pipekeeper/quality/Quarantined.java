package io.pipekeeper.quality;

import io.pipekeeper.config.Check;
import io.pipekeeper.engine.Dialect;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A quarantine check on one column that found rows to set aside. Kept as the check, not as SQL, so that each
 * engine that reads the table writes the condition in its own SQL.
 *
 * @param reason the check's name, written beside each row set aside ({@code _reason})
 */
public record Quarantined(Check check, String column, String reason) {
    /** True for a row this check sets aside (never NULL). */
    String fails(Dialect sql) {
        return "coalesce(" + CheckSql.failingRow(sql, check, column).orElseThrow() + ", false)";
    }

    static String anyFails(List<Quarantined> checks, Dialect sql) {
        return checks.stream().map(check -> check.fails(sql)).collect(Collectors.joining(" OR "));
    }
}
