package io.pipekeeper;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.task.Task;
import io.pipekeeper.incident.IncidentLoop;
import io.pipekeeper.incident.PagingLoop;
import io.pipekeeper.pipeline.PipelineSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

/**
 * What a long-running pipekeeper does in the background, for {@code scheduler} and {@code serve} alike: the
 * pipelines' crons, arrivals and deadlines, the escalation timers, automatic recovery, and the hourly look for runbooks due for review
 * (db-scheduler, in the store), and the signal and delivery loops (every 250 ms). Several processes may run it against one store.
 */
public final class Background implements AutoCloseable {
    /** How often incidents are looked at for a cause that cleared. */
    static final Duration RECOVERY_EVERY = Duration.ofSeconds(15);
    /** How often a running timer or run says it is alive; after {@link #MISSED_HEARTBEATS} missed, it is taken as dead. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    static final int MISSED_HEARTBEATS = 6;
    /** How often db-scheduler looks for due timers when the drill clock is on. */
    static final Duration DRILL_POLL = Duration.ofMillis(250);

    private final Scheduler scheduler;
    private final PagingLoop paging;
    private boolean closed;

    private Background(Scheduler scheduler, PagingLoop paging) {
        this.scheduler = scheduler;
        this.paging = paging;
    }

    /** Starts everything; {@code poll} is how often db-scheduler looks for due runs and timers (every 250 ms on the drill clock). */
    public static Background start(App app, Duration poll) {
        app.runStore().closeInterrupted(app.now());
        app.recoveryStore().resumeInterrupted();
        IncidentLoop incidents = app.incidentLoop();
        List<RecurringTask<Void>> tasks = new ArrayList<>(new PipelineSchedule(app.catalog(), app::pipelineRunner, app.runStore(), app.clock())
                .tasks());
        // Once an hour, a runbook past its review date tells its primary owner (a runbook_stale signal, once per due date).
        tasks.add(Tasks.recurring("runbook-reviews", Schedules.fixedDelay(Duration.ofHours(1)))
                .execute((instance, context) -> app.runbookReviews().raiseStale(app.signalStore(), app.now())));
        // Every 15 s, incidents whose cause cleared re-run what they held back (one process at a time: db-scheduler's lock).
        tasks.add(Tasks.recurring("recovery", Schedules.fixedDelay(RECOVERY_EVERY))
                .execute((instance, context) -> app.recoveryLoop().runOnce(app.now())));
        Scheduler scheduler = new ClockedSchedulerBuilder(app.store().dataSource(),
                List.of(incidents.escalation().task(app.clock()), incidents.escalation().wakeTask(app.clock())), app.clock())
                .startTasks(tasks)
                // On the drill clock, a jump makes whole steps due at once: they fire at the next pass, every 250 ms, as the loops do.
                .pollingInterval(app.environment().containsKey(DrillClock.VARIABLE) ? DRILL_POLL : poll)
                // A timer picked by a process that was then killed is run again once its heartbeat is 30 s old
                // (db-scheduler's default: 5 min × 6, so an escalation step waited half an hour). Running a step
                // twice queues nothing twice: the outbox's key is the incident, notice, step, person and channel.
                .heartbeatInterval(HEARTBEAT)
                .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                .threads(2)
                .alwaysPersistTimestampInUTC()
                .build();
        PagingLoop paging = new PagingLoop(incidents, app.deliveryLoop(), app.clock());
        scheduler.start();
        paging.start(PagingLoop.DEFAULT_EVERY);
        return new Background(scheduler, paging);
    }

    /** db-scheduler's builder with the process's "now" (the drill clock's, when it is on), which its public methods cannot set. */
    private static final class ClockedSchedulerBuilder extends SchedulerBuilder {
        ClockedSchedulerBuilder(DataSource dataSource, List<Task<?>> tasks, java.util.function.Supplier<Instant> now) {
            super(dataSource, tasks);
            this.clock = now::get;
        }
    }

    /** When the signal and delivery loops last finished a pass; empty before the first. */
    public java.util.Optional<Instant> lastPass() {
        return paging.lastPass();
    }

    /** Stops taking new work and waits for the work in hand (a run in progress finishes, or is marked interrupted at the next start). */
    @Override
    public synchronized void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.stop();
        paging.close();
    }
}
