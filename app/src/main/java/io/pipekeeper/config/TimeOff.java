package io.pipekeeper.config;

import java.time.LocalDate;
import java.util.Optional;

/** A person away from {@code from} to {@code to}, both whole local days and inclusive. */
public record TimeOff(String person, LocalDate from, LocalDate to, Optional<String> reason) {
    public TimeOff {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("time off ends before it starts: " + from + " to " + to);
        }
    }
}
