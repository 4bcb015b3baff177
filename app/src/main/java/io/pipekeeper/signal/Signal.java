package io.pipekeeper.signal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Something that went wrong, for the incidents loop to turn into an incident; see docs/signals.md.
 *
 * @param subject  what it is about: a pipeline or source id
 * @param evidence machine-readable details (JSON text)
 */
public record Signal(long id, Kind kind, String subject, Optional<LocalDate> date, String detail, String evidence,
                     Optional<Long> runId, Instant createdAt) {
}
