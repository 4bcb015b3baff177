package io.pipekeeper.config;

import java.util.Optional;

/**
 * Something a pipeline's SQL reads, by name: a source or another pipeline's output.
 *
 * @param windowDays how many days back from the run's date, the date included (1 = the day itself); empty
 *                   means every partition up to the run's date ({@code window: all})
 */
public record Input(String name, Kind kind, Optional<Integer> windowDays) {
    /** What the name refers to. */
    public enum Kind { SOURCE, PIPELINE }

    public static Input ofDay(String name, Kind kind) {
        return new Input(name, kind, Optional.of(1));
    }
}
