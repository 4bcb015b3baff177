package io.pipekeeper.access;

import java.util.Locale;
import java.util.Optional;

/** What a caller may do, each role including the ones before it. */
public enum Role {
    /** Reads status: pipelines, incidents, who is on call. */
    VIEWER,
    /** Answers incidents: acknowledge, resolve, change a severity, override on-call. */
    RESPONDER,
    /** Changes everything, tokens included. */
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        for (Role role : values()) {
            if (role.text().equals(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
