package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.Background;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Pipeline;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = {"Runs each pipeline by its cron in the team's zone, checks its deadline, turns signals into incidents,",
            "fires escalation steps and sends pages, until stopped (Ctrl-C). The schedule and the escalation timers live in",
            "the store: they survive restarts, fire once across several processes sharing the store, and are caught up",
            "after downtime. 'pipekeeper serve' runs the same, with the server."})
final class SchedulerCommand extends BaseCommand {
    @Option(names = "--poll", paramLabel = "SECONDS", defaultValue = "10",
            description = "How often to look for due runs and escalation steps (default: ${DEFAULT-VALUE}); new signals and pages are looked for every 250 ms.")
    int pollSeconds;

    @Override
    public Integer call() throws InterruptedException {
        Catalog catalog = catalog();
        try (App app = app(catalog); Background background = Background.start(app, Duration.ofSeconds(Math.max(1, pollSeconds)))) {
            out().println("scheduler started on " + app.store().location() + "; Ctrl-C stops it");
            java.time.Instant now = now();
            for (Pipeline pipeline : catalog.pipelines().values()) {
                out().println("  " + pipeline.id() + ": cron \"" + pipeline.schedule().cronText() + "\" in " + catalog.team().timezone()
                        + PipelinesCommand.times(pipeline, catalog.team().timezone()).next(now)
                                .map(at -> ", next " + Times.shown(at, catalog.team().timezone())).orElse(", never again")
                        + pipeline.schedule().deadline().map(d -> ", deadline " + d).orElse(""));
            }
            out().flush();
            UntilStopped.await(background, app);
        }
        return Cli.OK;
    }
}
