package io.pipekeeper.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import io.pipekeeper.oncall.Roster;

/** Reading times people type, and writing times people read, in the team's zone. */
final class Times {
    private Times() {
    }

    /**
     * T: an ISO instant ({@code 2026-12-25T17:00:00Z}), an offset date-time ({@code 2026-12-25T12:00-05:00}) or a
     * local date-time in the team's zone ({@code 2026-12-25T12:00}).
     */
    static Instant instant(String option, String text, ZoneId zone) {
        String written = text.strip();
        try {
            return Instant.parse(written);
        } catch (DateTimeException notInstant) {
            try {
                return OffsetDateTime.parse(written).toInstant();
            } catch (DateTimeException notOffset) {
                try {
                    return LocalDateTime.parse(written).atZone(zone).toInstant();
                } catch (DateTimeException notLocal) {
                    throw new BadInputException(option + ": '" + text + "' is not a time; write 2026-12-25T12:00 (in "
                            + zone + "), 2026-12-25T12:00-05:00 or 2026-12-25T17:00:00Z");
                }
            }
        }
    }

    /** DATE: a local calendar date, {@code 2026-12-25}. */
    static LocalDate date(String option, String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeException e) {
            throw new BadInputException(option + ": '" + text + "' is not a date; write YYYY-MM-DD, such as 2026-12-25");
        }
    }

    static String shown(Instant instant, ZoneId zone) {
        return Roster.shown(instant, zone);
    }
}
