package io.pipekeeper.oncall;

import io.pipekeeper.PipekeeperException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Changes to the schedule made at run time, checked before they are stored: nobody on time off is put on
 * call, and no change may leave a role empty. A refusal says when and why.
 */
public final class OnCallChanges {
    private final OnCallStore store;

    public OnCallChanges(OnCallStore store) {
        this.store = store;
    }

    /** A change that cannot be made, with the reason. */
    public static final class Refused extends PipekeeperException {
        public Refused(String message) {
            super(message);
        }
    }

    public long override(Roster roster, Role role, String person, Instant from, Instant to, String reason, String author,
                         Instant now) {
        requireFree(roster, person, from, to);
        return store.addOverride(role, person, from, to, reason, author, now);
    }

    public long timeOff(Roster roster, String person, LocalDate first, LocalDate last, String reason, String author, Instant now) {
        ZoneId zone = roster.zone();
        Instant from = Roster.startOfDay(first, zone);
        Instant to = Roster.startOfDay(last.plusDays(1), zone);
        List<Away> away = List.of(new Away(person, from, to, reason, "new time off"));
        Roster after = roster.withExtraAway(away);
        for (Segment segment : after.schedule().segments(from, to)) {
            if (segment.primary().filter(person::equals).isPresent() || segment.secondary().filter(person::equals).isPresent()) {
                List<String> overrides = segment.reasons().stream().filter(r -> r.startsWith("override:")).toList();
                throw new Refused("refused: " + person + " is on call by an override from " + shown(segment.start(), zone)
                        + " to " + shown(segment.end(), zone) + " (" + String.join("; ", overrides)
                        + "); remove it first with 'pipekeeper oncall override remove ID'");
            }
        }
        requireNoEmptyRole(after, from, to);
        return store.addTimeOff(person, first, last, reason, author, now);
    }

    /**
     * Swaps one role of turn {@code index} with {@code person}: they take it in that turn, and its holder takes
     * theirs in the nearest turn where they hold the same role.
     */
    public long swap(Roster roster, long index, Role role, String person, String reason, String author, Instant now) {
        OnCallSchedule schedule = roster.schedule();
        Shift turn = schedule.rotation().shift(index);
        String holder = role == Role.PRIMARY ? turn.primary() : turn.secondary();
        if (holder.equals(person)) {
            throw new Refused("refused: " + person + " is already " + role.text() + " in turn " + index);
        }
        Optional<Shift> theirs = nearestTurnHeldBy(schedule, index, role, person);
        if (theirs.isEmpty()) {
            throw new Refused("refused: " + person + " holds no " + role.text() + " turn near turn " + index
                    + " to swap with; use 'pipekeeper oncall override' instead");
        }
        requireFree(roster, person, turn.start(), turn.end());
        requireFree(roster, holder, theirs.get().start(), theirs.get().end());
        return store.addSwap(role, turn, person, theirs.get(), holder, reason, author, now);
    }

    private static Optional<Shift> nearestTurnHeldBy(OnCallSchedule schedule, long index, Role role, String person) {
        int pairs = schedule.rotation().rotation().shifts().size();
        for (int distance = 1; distance <= 2 * pairs; distance++) {
            for (long candidate : new long[] {index + distance, index - distance}) {
                if (candidate < 0) {
                    continue;
                }
                Shift shift = schedule.rotation().shift(candidate);
                String holder = role == Role.PRIMARY ? shift.primary() : shift.secondary();
                if (holder.equals(person)) {
                    return Optional.of(shift);
                }
            }
        }
        return Optional.empty();
    }

    private static void requireFree(Roster roster, String person, Instant from, Instant to) {
        List<Away> away = roster.schedule().awayDuring(person, from, to);
        if (!away.isEmpty()) {
            Away first = away.get(0);
            throw new Refused("refused: " + person + " is on time off from " + shown(first.start(), roster.zone()) + " to "
                    + shown(first.end(), roster.zone()) + " (" + first.origin() + "); someone on time off is never on call");
        }
    }

    private static void requireNoEmptyRole(Roster roster, Instant from, Instant to) {
        List<String> gaps = new ArrayList<>();
        for (Segment segment : roster.schedule().segments(from, to)) {
            if (segment.primary().isEmpty() || segment.secondary().isEmpty()) {
                gaps.add("from " + shown(segment.start(), roster.zone()) + " to " + shown(segment.end(), roster.zone())
                        + " nobody would be " + (segment.primary().isEmpty() ? "primary" : "secondary")
                        + ": " + String.join("; ", segment.reasons()));
            }
        }
        if (!gaps.isEmpty()) {
            throw new Refused("refused: this leaves a role empty " + gaps.get(0)
                    + (gaps.size() > 1 ? " (and " + (gaps.size() - 1) + " more times)" : ""));
        }
    }

    private static String shown(Instant instant, ZoneId zone) {
        return Roster.shown(instant, zone);
    }
}
