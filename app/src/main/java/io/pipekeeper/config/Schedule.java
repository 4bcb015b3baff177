package io.pipekeeper.config;

import com.cronutils.model.Cron;
import java.time.LocalTime;
import java.util.Optional;

/**
 * When a pipeline runs (five-field UNIX cron in the team's zone) and by when its output must be published.
 */
public record Schedule(String cronText, Cron cron, Optional<LocalTime> deadline) {
}
