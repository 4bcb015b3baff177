package io.pipekeeper.config;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** When a team works: days of the week, and the hours [from, to) of each, in the team's zone. */
public record WorkingHours(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    public WorkingHours {
        if (days.isEmpty() || !to.isAfter(from)) {
            throw new IllegalArgumentException("working hours need a day and from < to, not " + days + " " + from + "–" + to);
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }

    /** {@code at} itself when it is within working hours, else the start of the next working hours. */
    public Instant nextStart(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        if (days.contains(local.getDayOfWeek()) && !local.toLocalTime().isBefore(from) && local.toLocalTime().isBefore(to)) {
            return at;
        }
        LocalDate day = local.toLocalTime().isBefore(from) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
        while (!days.contains(day.getDayOfWeek())) {
            day = day.plusDays(1);
        }
        return day.atTime(from).atZone(zone).toInstant();
    }

    /** As people read them: "Mon–Fri 09:00–17:00" or "Mon, Wed 09:00–17:00". */
    public String shown() {
        String names = EnumSet.copyOf(days).stream().map(d -> d.getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH))
                .collect(Collectors.joining(", "));
        if (days.equals(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY))) {
            names = "Mon–Fri";
        }
        return names + " " + from + "–" + to;
    }
}
