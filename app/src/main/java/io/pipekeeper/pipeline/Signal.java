package io.pipekeeper.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Something that went wrong, for the incidents loop to turn into an incident. Pipelines raise
 * {@code run_failed}, {@code run_blocked}, {@code deadline_missed}, {@code resource_exhausted} and
 * {@code capacity_risk}; see docs/signals.md.
 *
 * @param subject  what it is about: a pipeline or source id
 * @param evidence machine-readable details (JSON text)
 */
public record Signal(long id, String kind, String subject, Optional<LocalDate> date, String detail, String evidence,
                     Optional<Long> runId, Instant createdAt) {
    public static final String RUN_FAILED = "run_failed";
    public static final String RUN_BLOCKED = "run_blocked";
    public static final String DEADLINE_MISSED = "deadline_missed";
    public static final String RESOURCE_EXHAUSTED = "resource_exhausted";
    public static final String CAPACITY_RISK = "capacity_risk";
}
