package io.pipekeeper.oncall;

import io.pipekeeper.config.Rotation;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rotation laid on the calendar. Every hand-off happens at the start's local wall-clock time in the team's
 * zone, on both sides of a DST change: a two-week shift across "spring forward" lasts 335 hours, and that is
 * right. Before the rotation's start nobody is on call by rotation.
 */
public final class RotationSchedule {
    private final Rotation rotation;
    private final ZoneId zone;
    private final Instant first;

    public RotationSchedule(Rotation rotation, ZoneId zone) {
        this.rotation = rotation;
        this.zone = zone;
        this.first = handoff(0);
    }

    /** The instant of hand-off number {@code index} (0 is the rotation's start). */
    public Instant handoff(long index) {
        LocalDateTime local = rotation.start().plus(rotation.length().multipliedBy(index));
        // In a DST gap the wall-clock time does not exist; atZone moves it forward by the gap's length.
        return local.atZone(zone).toInstant();
    }

    public Shift shift(long index) {
        Rotation.Pair pair = rotation.shifts().get((int) Math.floorMod(index, (long) rotation.shifts().size()));
        return new Shift(index, handoff(index), handoff(index + 1), pair.primary(), pair.secondary());
    }

    /** The shift on call at {@code t}, or empty before the rotation starts. */
    public Optional<Shift> shiftAt(Instant t) {
        if (t.isBefore(first)) {
            return Optional.empty();
        }
        long index = Duration.between(first, t).getSeconds() / rotation.length().getSeconds();
        while (!handoff(index + 1).isAfter(t)) {
            index++;
        }
        while (handoff(index).isAfter(t)) {
            index--;
        }
        return Optional.of(shift(index));
    }

    /** Every shift that overlaps [from, to), in order. */
    public List<Shift> shiftsBetween(Instant from, Instant to) {
        List<Shift> shifts = new ArrayList<>();
        Instant probe = from.isBefore(first) ? first : from;
        Optional<Shift> current = shiftAt(probe);
        while (current.isPresent() && current.get().start().isBefore(to)) {
            shifts.add(current.get());
            current = Optional.of(shift(current.get().index() + 1));
        }
        return shifts;
    }

    public Instant start() {
        return first;
    }

    public Rotation rotation() {
        return rotation;
    }

    public ZoneId zone() {
        return zone;
    }
}
