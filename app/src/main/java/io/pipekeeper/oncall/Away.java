package io.pipekeeper.oncall;

import java.time.Instant;

/**
 * A person on time off from {@code start} (inclusive) to {@code end} (exclusive): never on call then.
 *
 * @param origin where it was declared: {@code config}, or {@code store #12 by emily}
 */
public record Away(String person, Instant start, Instant end, String reason, String origin) {
    public boolean covers(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    public boolean overlaps(Instant from, Instant to) {
        return start.isBefore(to) && end.isAfter(from);
    }
}
