package io.pipekeeper.recovery;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The re-run of what one incident held back, once one cause of it cleared.
 *
 * @param cause     what cleared, as a key: {@code run:42}, {@code source:orders:1764400000000:1}
 * @param causeText the same in words: {@code orders for 2026-11-28 was replaced}
 * @param runIds    the runs it started, in order
 */
public record Recovery(long id, long incidentId, LocalDate date, String cause, String causeText, Status status, Instant foundAt,
                       Optional<Instant> startedAt, Optional<Instant> finishedAt, List<Long> runIds, Optional<String> summary) {
    public Recovery {
        runIds = List.copyOf(runIds);
    }

    /** Where a recovery stands. */
    public enum Status {
        PENDING, RUNNING, DONE, FAILED;

        String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
