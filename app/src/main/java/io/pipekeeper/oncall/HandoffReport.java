package io.pipekeeper.oncall;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One rotation hand-off: who hands over to whom, until when, the holidays of the coming shift and the time off of
 * its people. Printed by {@code oncall handoff} and mailed to both pairs at the hand-off.
 *
 * @param shift the coming shift (the rotation's, before overrides)
 */
public record HandoffReport(Roster roster, Shift shift, Assignment before, Assignment after, List<Holiday> holidays, List<Away> away) {
    public HandoffReport {
        holidays = List.copyOf(holidays);
        away = List.copyOf(away);
    }

    /** The hand-off that starts the rotation's shift containing {@code t}, if the rotation has begun. */
    public static java.util.Optional<HandoffReport> at(Roster roster, Instant t) {
        return roster.schedule().baseShiftAt(t).map(shift -> of(roster, shift));
    }

    public static HandoffReport of(Roster roster, Shift coming) {
        List<Holiday> holidays = new ArrayList<>();
        roster.schedule().segments(coming.start(), coming.end()).forEach(segment -> holidays.addAll(CalendarFeed.holidaysIn(roster, segment)));
        List<Away> away = new ArrayList<>();
        for (String person : List.of(coming.primary(), coming.secondary())) {
            away.addAll(roster.schedule().awayDuring(person, coming.start(), coming.end()));
        }
        return new HandoffReport(roster, coming, roster.schedule().at(coming.start().minusSeconds(1)), roster.schedule().at(coming.start()),
                holidays, away);
    }

    /** Everyone the hand-off concerns: the outgoing pair, then the incoming pair, each once. */
    public List<String> people() {
        List<String> people = new ArrayList<>();
        for (Assignment pair : List.of(before, after)) {
            pair.primary().filter(p -> !people.contains(p)).ifPresent(people::add);
            pair.secondary().filter(p -> !people.contains(p)).ifPresent(people::add);
        }
        return people;
    }

    /** The report as lines of text, as {@code oncall handoff} prints it. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("hand-off " + Roster.shown(shift.start(), roster.zone()));
        lines.add("  primary:   " + before.primary().orElse("nobody") + " → " + after.primary().orElse("nobody"));
        lines.add("  secondary: " + before.secondary().orElse("nobody") + " → " + after.secondary().orElse("nobody"));
        lines.add("  until:     " + Roster.shown(shift.end(), roster.zone()));
        if (holidays.isEmpty()) {
            lines.add("  holidays:  none");
        }
        holidays.forEach(h -> lines.add("  holiday:   " + h.date() + " " + h.name() + " (primary covers, secondary backs up)"));
        if (away.isEmpty()) {
            lines.add("  time off:  none");
        }
        away.forEach(a -> lines.add("  time off:  " + a.person() + " from " + Roster.shown(a.start(), roster.zone()) + " to "
                + Roster.shown(a.end(), roster.zone()) + (a.reason().isBlank() ? "" : " (" + a.reason() + ")")));
        if (after.primary().isEmpty() || after.secondary().isEmpty()) {
            lines.add("  warning:   a role is empty at the hand-off; see 'pipekeeper oncall schedule'");
        }
        return lines;
    }
}
