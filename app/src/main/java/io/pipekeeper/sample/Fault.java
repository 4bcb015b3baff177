package io.pipekeeper.sample;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;

/**
 * A realistic problem written into the sample data on one day, as {@code KIND[:TARGET]@DATE}: each is a
 * version of one of the seed's "potential issues". See docs/sample-data.md.
 */
public record Fault(Kind kind, String source, Optional<String> column, LocalDate date) {
    /** The problems the generator can write. */
    public enum Kind {
        MISSING_PARTITION("orders", null), CORRUPT_FILE("orders", null), NULL_SPIKE("orders", "user_id"),
        BAD_FORMAT("orders", "currency"), DUPLICATES("orders", null), NEGATIVE_VALUES("orders", "quantity"),
        ORPHAN_KEYS("orders", "product_id"), SCHEMA_CHANGE("orders", null), SCHEMA_ADD("orders", null),
        VOLUME_SPIKE("events", null), VOLUME_DROP("orders", null), LATE_PARTITION("orders", null);

        final String defaultSource;
        final String defaultColumn;

        Kind(String defaultSource, String defaultColumn) {
            this.defaultSource = defaultSource;
            this.defaultColumn = defaultColumn;
        }

        public String text() {
            return name().toLowerCase();
        }
    }

    /** Parses {@code null_spike:orders.user_id@2026-11-07}; the message of the exception says what is wrong. */
    public static Fault parse(String text) {
        int at = text.lastIndexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("'" + text + "' has no date; write KIND[:TARGET]@DATE, such as missing_partition@2026-11-07");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text.substring(at + 1));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text.substring(at + 1) + "' is not a date; write YYYY-MM-DD");
        }
        String head = text.substring(0, at);
        String kindText = head.contains(":") ? head.substring(0, head.indexOf(':')) : head;
        Kind kind = Arrays.stream(Kind.values()).filter(k -> k.text().equals(kindText)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("'" + kindText + "' is not a fault; the faults are "
                        + String.join(", ", Arrays.stream(Kind.values()).map(Kind::text).toList())));
        String target = head.contains(":") ? head.substring(head.indexOf(':') + 1) : kind.defaultSource
                + (kind.defaultColumn == null ? "" : "." + kind.defaultColumn);
        String source = target.contains(".") ? target.substring(0, target.indexOf('.')) : target;
        Optional<String> column = target.contains(".") ? Optional.of(target.substring(target.indexOf('.') + 1))
                : Optional.ofNullable(kind.defaultColumn);
        return new Fault(kind, source, column, date);
    }

    @Override
    public String toString() {
        return kind.text() + ":" + source + column.map(c -> "." + c).orElse("") + "@" + date;
    }
}
