package io.pipekeeper.incident;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Something an incident's cause held back downstream: a blocked or failed run, a failed check, a missed deadline.
 * It is listed on the incident and pages nobody of its own.
 *
 * @param key   subject, kind and check, as an incident's key: a repeat of it counts here
 * @param count how many signals it has absorbed
 */
public record Impact(long id, long incidentId, String key, String subject, String kind, String checkName, Optional<LocalDate> date,
                     String severity, String detail, int count, Instant addedAt, Optional<Instant> recoveredAt) {

    /** Whether it is a run the cause held back (blocked, failed, late): the incident waits for it to run again before it resolves. */
    public boolean heldBack() {
        return io.pipekeeper.signal.Kind.parse(kind).map(io.pipekeeper.signal.Kind::aboutARun).orElse(false);
    }

    public boolean recovered() {
        return recoveredAt.isPresent();
    }

    /** One line, as the timeline, the CLI and pages say it: {@code aggregate_profit run blocked for 2026-11-28}. */
    public String shown() {
        if (kind.equals("manual")) {
            return subject + " — " + detail; // an incident opened by hand, merged in: its title says what
        }
        return Impacts.what(subject, kind, checkName) + date.map(d -> " for " + d).orElse("");
    }
}
