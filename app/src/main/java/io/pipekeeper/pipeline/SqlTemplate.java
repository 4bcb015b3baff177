package io.pipekeeper.pipeline;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few placeholders a pipeline's SQL may use, each replaced by a DATE literal, so that one file reads the
 * same on every engine: {@code {{run_date}}}, {@code {{run_date - 28}}} (days), {@code {{month_start}}} and
 * {@code {{quarter_start}}}.
 */
public final class SqlTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*(?:([-+])\\s*([0-9]+)\\s*)?}}");

    private SqlTemplate() {
    }

    /** @throws IllegalArgumentException naming an unknown placeholder */
    public static String render(String sql, LocalDate runDate) {
        Matcher m = PLACEHOLDER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            LocalDate base = switch (m.group(1)) {
                case "run_date" -> runDate;
                case "month_start" -> runDate.withDayOfMonth(1);
                case "quarter_start" -> runDate.withMonth((runDate.getMonthValue() - 1) / 3 * 3 + 1).withDayOfMonth(1);
                default -> throw new IllegalArgumentException("unknown placeholder {{" + m.group(1)
                        + "}}; use {{run_date}}, {{run_date - N}}, {{month_start}} or {{quarter_start}}");
            };
            if (m.group(2) != null) {
                long days = Long.parseLong(m.group(3));
                base = m.group(2).equals("-") ? base.minusDays(days) : base.plusDays(days);
            }
            m.appendReplacement(out, Matcher.quoteReplacement("DATE '" + base + "'"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
