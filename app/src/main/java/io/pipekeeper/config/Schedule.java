package io.pipekeeper.config;

import com.cronutils.model.Cron;
import java.time.LocalTime;
import java.util.Optional;

/**
 * When a pipeline runs (five-field UNIX cron in the team's zone) and by when its output must be published.
 *
 * @param trigger what starts a run: the cron, or (from the cron on) the arrival of every input for the date
 */
public record Schedule(String cronText, Cron cron, Optional<LocalTime> deadline, Trigger trigger) {
    /** What starts a pipeline's run for a date. */
    public enum Trigger {
        /** The cron: a run whose input is missing is blocked, and runs again when it arrives. */
        CRON,
        /** The arrival of every input for the date, looked for from the cron on; nothing is raised while they are late but the deadline. */
        ARRIVAL
    }
}
