package io.pipekeeper.config;

import com.cronutils.model.Cron;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A maintenance window of the configuration: for some pipelines and sources, or for everything ({@code scopes}
 * empty), either recurring (a cron in the team's zone, lasting {@code duration} from each firing) or once (local
 * {@code from} to {@code to}). Incidents that open in it page no one until it ends.
 */
public record MaintenanceWindow(List<String> scopes, Optional<Recurring> recurring, Optional<Once> once, String reason) {
    public MaintenanceWindow {
        scopes = List.copyOf(scopes);
        if (recurring.isPresent() == once.isPresent()) {
            throw new IllegalArgumentException("a maintenance window recurs or happens once, not both or neither");
        }
    }

    /** Every firing of the cron starts a window of {@code duration}. */
    public record Recurring(String cronText, Cron cron, Duration duration) {
    }

    /** One window, from and to in the team's zone. */
    public record Once(LocalDateTime from, LocalDateTime to) {
    }

    /** What it covers, as people read it: "all", or "billing, events". */
    public String scopeShown() {
        return scopes.isEmpty() ? "all" : String.join(", ", scopes);
    }
}
