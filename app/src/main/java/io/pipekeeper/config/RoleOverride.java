package io.pipekeeper.config;

import java.time.LocalDateTime;
import java.util.Optional;

/** A person who takes one role from {@code from} (inclusive) to {@code to} (exclusive), local times. */
public record RoleOverride(Role role, String person, LocalDateTime from, LocalDateTime to, Optional<String> reason) {
    public RoleOverride {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("an override must end after it starts: " + from + " to " + to);
        }
    }

    /** The two roles of a shift. */
    public enum Role {
        PRIMARY, SECONDARY;

        public String text() {
            return name().toLowerCase();
        }
    }
}
