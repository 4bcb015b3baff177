package io.pipekeeper.oncall;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A stretch of time with the same primary and secondary, for the same reason. */
public record Segment(Instant start, Instant end, Optional<String> primary, Optional<String> secondary, Source source,
                      Optional<Long> shiftIndex, List<String> reasons) {
    public Segment {
        reasons = List.copyOf(reasons);
    }

    boolean sameAs(Assignment assignment) {
        return primary.equals(assignment.primary()) && secondary.equals(assignment.secondary())
                && source == assignment.source() && shiftIndex.equals(assignment.shift().map(Shift::index))
                && reasons.equals(assignment.reasons());
    }

    Segment extendedTo(Instant newEnd) {
        return new Segment(start, newEnd, primary, secondary, source, shiftIndex, reasons);
    }

    public Optional<String> holder(Role role) {
        return role == Role.PRIMARY ? primary : secondary;
    }
}
