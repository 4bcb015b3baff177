package io.pipekeeper.oncall;

import java.time.Instant;

/**
 * One turn of the rotation (or of a saved plan): two people on call from {@code start} (inclusive) to
 * {@code end} (exclusive).
 *
 * @param index the turn's number, counted from the rotation's start (0 is the first)
 */
public record Shift(long index, Instant start, Instant end, String primary, String secondary) {
    public Shift {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a shift ends after it starts: " + start + " to " + end);
        }
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }
}
