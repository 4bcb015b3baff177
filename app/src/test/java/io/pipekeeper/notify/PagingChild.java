package io.pipekeeper.notify;

import io.pipekeeper.App;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.incident.IncidentLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The process {@link KillDuringPagingTest} kills: the scheduler's paging passes (signals to incidents, then
 * the due pages) on the store of the given configuration, again and again, with its clock {@code args[1]}
 * seconds ahead. Says {@code ready} before the first pass and {@code idle} after each pass that found nothing.
 */
public final class PagingChild {
    private PagingChild() {
    }

    public static void main(String[] args) throws Exception {
        Duration ahead = Duration.ofSeconds(Long.parseLong(args[1]));
        try (App app = new App(new ConfigLoader().load(Path.of(args[0]), args[0]), Map.of())) {
            IncidentLoop incidents = app.incidentLoop();
            DeliveryLoop delivery = app.deliveryLoop();
            System.out.println("ready");
            System.out.flush();
            while (true) {
                int handled = incidents.runOnce(Instant.now().plus(ahead));
                int sent = delivery.runOnce(Instant.now().plus(ahead));
                if (handled == 0 && sent == 0) {
                    System.out.println("idle");
                    System.out.flush();
                }
                Thread.sleep(20);
            }
        }
    }
}
