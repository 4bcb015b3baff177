package io.pipekeeper.incident;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A problem someone must answer: opened from a signal (or by hand), deduplicated by its key, with SLA clocks
 * from its severity.
 *
 * @param key     subject, kind and check: a repeat of the same problem while this is open counts here
 * @param count   how many signals it has absorbed
 * @param checkName the check it is about; empty for runs and incidents opened by hand
 * @param version optimistic lock: every change checks it
 * @param mergedInto the incident that absorbed this one (same cause), if any
 */
public record Incident(long id, String key, String title, String severity, Status status, String subject, String kind,
                       Optional<LocalDate> date, Instant openedAt, Instant respondBy, Instant resolveBy,
                       Optional<Instant> acknowledgedAt, Optional<String> acknowledgedBy, Optional<Instant> resolvedAt,
                       Optional<String> resolvedBy, int count, String blastRadius, String checkName, long version,
                       Optional<Long> mergedInto) {

    /** Where an incident stands. */
    public enum Status {
        TRIGGERED, ACKNOWLEDGED, RESOLVED;

        public String text() {
            return name().toLowerCase();
        }
    }

    public boolean open() {
        return status != Status.RESOLVED;
    }

    /** One line of the incident's timeline. */
    public record Event(Instant at, String kind, Optional<String> actor, String text) {
    }
}
