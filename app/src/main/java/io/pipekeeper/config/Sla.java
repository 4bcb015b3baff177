package io.pipekeeper.config;

import java.time.Duration;

/**
 * How soon an incident of one severity must be acknowledged ({@code respond}) and resolved, and whether it pages at
 * once or waits for the team's working hours.
 */
public record Sla(Duration respond, Duration resolve, Urgency pages) {
    /** When an incident's policy starts: at once, or at the next of the team's working hours. */
    public enum Urgency {
        AT_ONCE, WORKING_HOURS;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Sla(Duration respond, Duration resolve) {
        this(respond, resolve, Urgency.AT_ONCE);
    }

    public Sla {
        if (respond.isNegative() || respond.isZero() || resolve.compareTo(respond) < 0) {
            throw new IllegalArgumentException("an SLA needs 0 < respond <= resolve, not " + respond + " / " + resolve);
        }
    }

    public static Sla of(Duration respond, Duration resolve) {
        return new Sla(respond, resolve);
    }
}
