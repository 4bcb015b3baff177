package io.pipekeeper.config;

import java.time.Duration;

/** How soon an incident of one severity must be acknowledged ({@code respond}) and resolved. */
public record Sla(Duration respond, Duration resolve) {
    public Sla {
        if (respond.isNegative() || respond.isZero() || resolve.compareTo(respond) < 0) {
            throw new IllegalArgumentException("an SLA needs 0 < respond <= resolve, not " + respond + " / " + resolve);
        }
    }

    public static Sla of(Duration respond, Duration resolve) {
        return new Sla(respond, resolve);
    }
}
