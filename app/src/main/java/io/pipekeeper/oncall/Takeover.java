package io.pipekeeper.oncall;

import java.time.Duration;
import java.time.Instant;

/**
 * An override: {@code person} holds {@code role} from {@code start} (inclusive) to {@code end} (exclusive),
 * whatever the rotation says. Where two overlap, the shorter (more specific) wins; at equal length, the later.
 *
 * @param order  position among all overrides, later ones higher; breaks ties
 * @param origin where it was declared: {@code config}, or {@code store #12 by emily}
 */
public record Takeover(Role role, String person, Instant start, Instant end, String reason, String origin, long order) {
    public boolean covers(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    public Duration length() {
        return Duration.between(start, end);
    }
}
