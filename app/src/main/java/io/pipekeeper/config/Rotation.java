package io.pipekeeper.config;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Pairs on call in turn, each for {@code length}, repeating after the last pair.
 *
 * @param start first hand-off, as a local date-time in the team's zone; later hand-offs keep its wall-clock time
 */
public record Rotation(LocalDateTime start, Duration length, List<Pair> shifts) {
    public Rotation {
        shifts = List.copyOf(shifts);
        if (shifts.isEmpty()) {
            throw new IllegalArgumentException("a rotation needs at least one pair");
        }
    }

    /** The two people of one shift. */
    public record Pair(String primary, String secondary) {
    }
}
