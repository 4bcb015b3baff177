package io.pipekeeper.quality;

import io.pipekeeper.engine.Dialect;
import io.pipekeeper.engine.EngineSession;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Looks for personal data in a table: columns named like it (email, phone, first_name, address…) and text
 * columns whose sampled values look like it (email addresses, phone numbers, people's names).
 */
final class PiiDetector {
    static final int SAMPLE = 200;
    static final double SHARE = 0.2;
    private static final Pattern NAME = Pattern.compile(
            "(?i)^(.*_)?(e_?mail|phone|mobile|msisdn|ssn|first_?name|last_?name|full_?name|surname|person_?name|address|street"
                    + "|birth_?date|date_of_birth|dob|ip_address|passport)(_.*)?$|^(?i)name$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 ()./-]{6,}[0-9]$");
    private static final Pattern PERSON = Pattern.compile("^[A-Z][a-z]+( [A-Z]\\.)? [A-Z][a-z]+$");

    private PiiDetector() {
    }

    /** What looks like personal data, one finding a column; empty when nothing does. */
    static List<String> findings(EngineSession session, String view, List<String[]> columns) throws SQLException {
        Dialect sql = session.dialect();
        List<String> findings = new ArrayList<>();
        for (String[] column : columns) {
            String name = column[0];
            if (NAME.matcher(name).matches()) {
                findings.add("column " + name + " is named like personal data");
                continue;
            }
            if (!column[1].startsWith("VARCHAR")) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (List<Object> row : session.rows("SELECT " + sql.asText(sql.quote(name)) + " FROM " + sql.quote(view)
                    + " WHERE " + sql.quote(name) + " IS NOT NULL LIMIT " + SAMPLE)) {
                values.add(row.get(0).toString().trim());
            }
            if (values.isEmpty()) {
                continue;
            }
            for (Object[] kind : new Object[][] {{EMAIL, "email addresses"}, {PHONE, "phone numbers"}, {PERSON, "people's names"}}) {
                long matches = values.stream().filter(v -> ((Pattern) kind[0]).matcher(v).matches()).count();
                if (matches >= Math.max(1, SHARE * values.size())) {
                    findings.add("column " + name + " holds " + kind[1] + " (" + matches + " of " + values.size() + " sampled values, such as "
                            + mask(values.stream().filter(v -> ((Pattern) kind[0]).matcher(v).matches()).findFirst().orElse("")) + ")");
                    break;
                }
            }
        }
        return findings;
    }

    /** Enough of a value to recognise its kind, not enough to leak it again in a page. */
    static String mask(String value) {
        return value.length() <= 3 ? "***" : value.substring(0, 2) + "***" + value.substring(value.length() - 1);
    }
}
