package io.pipekeeper.cli;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import io.pipekeeper.App;
import io.pipekeeper.incident.IncidentLoop;
import io.pipekeeper.incident.PagingLoop;
import io.pipekeeper.notify.DeliveryLoop;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.pipeline.PipelineSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = {"Runs each pipeline by its cron in the team's zone, checks its deadline, turns signals into incidents,",
            "fires escalation steps and sends pages, until stopped (Ctrl-C). The schedule and the escalation timers live in",
            "the store: they survive restarts, fire once across several processes sharing the store, and are caught up",
            "after downtime. 'pipekeeper serve' will embed the same loops."})
final class SchedulerCommand extends BaseCommand {
    @Option(names = "--poll", paramLabel = "SECONDS", defaultValue = "10",
            description = "How often to look for due runs and escalation steps (default: ${DEFAULT-VALUE}); new signals and pages are looked for every 250 ms.")
    int pollSeconds;

    @Override
    public Integer call() throws InterruptedException {
        Catalog catalog = catalog();
        try (App app = app(catalog)) {
            app.runStore().closeInterrupted(Instant.now());
            List<RecurringTask<Void>> tasks = new java.util.ArrayList<>(
                    new PipelineSchedule(catalog, app::pipelineRunner, app.runStore(), Instant::now).tasks());
            IncidentLoop incidents = app.incidentLoop();
            DeliveryLoop delivery = app.deliveryLoop();
            Scheduler scheduler = Scheduler.create(app.store().dataSource(), incidents.escalation().task(Instant::now))
                    .startTasks(tasks)
                    .pollingInterval(Duration.ofSeconds(Math.max(1, pollSeconds)))
                    .threads(2)
                    .alwaysPersistTimestampInUTC()
                    .build();
            PagingLoop paging = new PagingLoop(incidents, delivery, Instant::now);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                scheduler.stop();
                try {
                    paging.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stopped.countDown();
            }, "pipekeeper-scheduler-stop"));
            scheduler.start();
            paging.start(PagingLoop.DEFAULT_EVERY);
            out().println("scheduler started on " + app.store().location() + "; Ctrl-C stops it");
            for (Pipeline pipeline : catalog.pipelines().values()) {
                out().println("  " + pipeline.id() + ": cron \"" + pipeline.schedule().cronText() + "\" in " + catalog.team().timezone()
                        + pipeline.schedule().deadline().map(d -> ", deadline " + d).orElse(""));
            }
            out().flush();
            stopped.await();
        }
        return Cli.OK;
    }
}
