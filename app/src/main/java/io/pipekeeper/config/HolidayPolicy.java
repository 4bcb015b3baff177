package io.pipekeeper.config;

import java.time.LocalDate;
import java.util.List;

/** How public holidays are covered, and the company's own days off. */
public record HolidayPolicy(Rule rule, List<ExtraHoliday> extra) {
    public HolidayPolicy {
        extra = List.copyOf(extra);
    }

    public static HolidayPolicy defaults() {
        return new HolidayPolicy(Rule.PRIMARY_COVERS, List.of());
    }

    /** The rule for a holiday that falls in a shift. */
    public enum Rule {
        /** The primary on call covers the holiday, the secondary backs up; the rotation does not move. */
        PRIMARY_COVERS;

        public static Rule parse(String text) {
            return valueOf(text.toUpperCase().replace('-', '_'));
        }

        public String text() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** A company day off. */
    public record ExtraHoliday(LocalDate date, String name) {
    }
}
