package io.pipekeeper;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.pipekeeper.incident.IncidentLoop;
import io.pipekeeper.incident.PagingLoop;
import io.pipekeeper.pipeline.PipelineSchedule;
import java.time.Duration;
import java.time.Instant;

/**
 * What a long-running pipekeeper does in the background, for {@code scheduler} and {@code serve} alike: the
 * pipelines' crons and deadlines and the escalation timers (db-scheduler, in the store), and the signal and
 * delivery loops (every 250 ms). Several processes may run it against one store.
 */
public final class Background implements AutoCloseable {
    private final Scheduler scheduler;
    private final PagingLoop paging;

    private Background(Scheduler scheduler, PagingLoop paging) {
        this.scheduler = scheduler;
        this.paging = paging;
    }

    /** Starts everything; {@code poll} is how often db-scheduler looks for due runs and timers. */
    public static Background start(App app, Duration poll) {
        app.runStore().closeInterrupted(Instant.now());
        IncidentLoop incidents = app.incidentLoop();
        Scheduler scheduler = Scheduler.create(app.store().dataSource(), incidents.escalation().task(Instant::now))
                .startTasks(new PipelineSchedule(app.catalog(), app::pipelineRunner, app.runStore(), Instant::now).tasks())
                .pollingInterval(poll)
                .threads(2)
                .alwaysPersistTimestampInUTC()
                .build();
        PagingLoop paging = new PagingLoop(incidents, app.deliveryLoop(), Instant::now);
        scheduler.start();
        paging.start(PagingLoop.DEFAULT_EVERY);
        return new Background(scheduler, paging);
    }

    /** When the signal and delivery loops last finished a pass; empty before the first. */
    public java.util.Optional<Instant> lastPass() {
        return paging.lastPass();
    }

    /** Stops taking new work and waits for the work in hand (a run in progress finishes, or is marked interrupted at the next start). */
    @Override
    public void close() throws InterruptedException {
        scheduler.stop();
        paging.close();
    }
}
