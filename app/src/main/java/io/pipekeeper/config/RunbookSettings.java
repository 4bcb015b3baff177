package io.pipekeeper.config;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What the configuration says of a pipeline's runbook: free-text notes merged into it, when it was last reviewed
 * and by whom, and how often it must be reviewed.
 */
public record RunbookSettings(Optional<String> notes, Optional<String> reviewedBy, Optional<LocalDate> reviewedOn, Duration reviewEvery) {
    public static final Duration DEFAULT_REVIEW_EVERY = Duration.ofDays(90);
    public static final RunbookSettings NONE = new RunbookSettings(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_REVIEW_EVERY);
}
