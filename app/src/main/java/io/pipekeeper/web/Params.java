package io.pipekeeper.web;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** Query parameters read strictly: a value that does not parse is a 400 that names the parameter and shows a good value. */
final class Params {
    private Params() {
    }

    /** An instant with an offset ({@code 2026-12-25T17:00Z}), or a local time in the team's zone ({@code 2026-12-25T12:00}). */
    static Instant instant(Context ctx, String name, ZoneId zone, Instant absent) {
        String text = ctx.queryParam(name);
        return text == null ? absent : instant(name, text, zone);
    }

    static Instant instant(String name, String text, ZoneId zone) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw HttpError.badRequest(name, "'" + text + "' is not a time; write 2026-12-25T12:00 (team's zone) or 2026-12-25T17:00Z");
            }
        }
    }

    /** A day, {@code 2026-12-25}. */
    static LocalDate date(Context ctx, String name, LocalDate absent) {
        String text = ctx.queryParam(name);
        return text == null ? absent : date(name, text);
    }

    static LocalDate date(String name, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw HttpError.badRequest(name, "'" + text + "' is not a day; write 2026-12-25");
        }
    }

    /** A person of the team, by id; else a 400 on {@code field} with a did-you-mean. */
    static String person(io.pipekeeper.config.Catalog catalog, String field, String id) {
        if (catalog.team().person(id).isEmpty()) {
            throw HttpError.badRequest(field, "'" + id + "' is not a person in team.people"
                    + io.pipekeeper.config.Suggestions.didYouMean(id, catalog.team().personIds()));
        }
        return id;
    }

    /** {@code from} and {@code to}, in order, at most {@code maxDays} apart. */
    static void range(String fromName, LocalDate from, LocalDate to, int maxDays) {
        if (to.isBefore(from)) {
            throw HttpError.badRequest("to", "'" + to + "' is before " + fromName + " ('" + from + "')");
        }
        if (from.plusDays(maxDays).isBefore(to.plusDays(1))) {
            throw HttpError.badRequest("to", "at most " + maxDays + " days at a time");
        }
    }
}
