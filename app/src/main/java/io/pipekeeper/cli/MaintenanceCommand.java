package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.incident.Maintenance;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Maintenance windows by hand: while one is in force, incidents of what it covers still open but page no one, and
 * those still open when it ends start their policies then. Windows that recur belong in the configuration.
 */
@Command(name = "maintenance", mixinStandardHelpOptions = true, description = "Starts, ends and lists maintenance windows.",
        subcommands = {MaintenanceCommand.Start.class, MaintenanceCommand.End.class, MaintenanceCommand.ListWindows.class})
final class MaintenanceCommand extends BaseCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return Cli.OK;
    }

    /** What a window is for: one pipeline, one source, or everything. */
    static final class Scope {
        @Option(names = "--pipeline", paramLabel = "P", required = true, description = "A pipeline (its incidents and those of what it reads).")
        String pipeline;

        @Option(names = "--source", paramLabel = "S", required = true, description = "A source.")
        String source;

        @Option(names = "--all", required = true, description = "Everything.")
        boolean all;

        String name(Catalog catalog) {
            if (all) {
                return Maintenance.ALL;
            }
            if (pipeline != null) {
                RunCommands.requirePipelines(catalog, List.of(pipeline));
                return pipeline;
            }
            if (!catalog.sources().containsKey(source)) {
                throw new BadInputException("--source: '" + source + "' is not one of the sources (" + String.join(", ", catalog.sources().keySet()) + ")");
            }
            return source;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Starts a window now: new incidents of what it covers page no one until it ends.")
    static final class Start extends BaseCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Scope scope;

        @Option(names = "--for", paramLabel = "DURATION", required = true, description = "How long: 30m, 2h.")
        String length;

        @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why, for the timeline of the incidents it holds.")
        String reason;

        @Option(names = "--by", paramLabel = "P", description = "Who starts it (default: $USER).")
        String by;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            String name = scope.name(catalog);
            java.time.Duration duration = durationOption("--for", length);
            String who = by == null ? invocation().environment().getOrDefault("USER", "cli") : by;
            try (App app = app(catalog)) {
                Maintenance.Window window = app.incidentLoop().maintenance().start(name, duration, reason, who, now());
                audit(app, who, "maintenance start", name, reason);
                out().println("maintenance of " + name + " until " + Times.shown(window.end(), catalog.team().timezone()) + " (window #" + window.id()
                        + "): new incidents page no one");
            }
            return Cli.OK;
        }
    }

    @Command(name = "end", mixinStandardHelpOptions = true, description = "Ends the windows in force for it now; the incidents they held page now.")
    static final class End extends BaseCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Scope scope;

        @Option(names = "--by", paramLabel = "P", description = "Who ends it (default: $USER).")
        String by;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            String name = scope.name(catalog);
            String who = by == null ? invocation().environment().getOrDefault("USER", "cli") : by;
            try (App app = app(catalog)) {
                Instant now = now();
                List<Maintenance.Window> ended = app.incidentLoop().maintenance().end(name, who, now);
                audit(app, who, "maintenance end", name, null);
                app.deliveryLoop().runOnce(now);
                out().println(ended.isEmpty() ? "no maintenance of " + name + " started by hand is in force; nothing ended"
                        : "maintenance of " + name + " ended (" + ended.size() + " window(s))");
            }
            return Cli.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The windows in force now, the configuration's and those started by hand.")
    static final class ListWindows extends BaseCommand {
        @Option(names = "--json", description = "Print {windows: [{id, scope, start, end, reason, by}]}.")
        boolean json;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            try (App app = app(catalog)) {
                List<Maintenance.Window> windows = app.incidentLoop().maintenance().active(now());
                if (json) {
                    printJson(java.util.Map.of("windows", windows.stream().map(w -> java.util.Map.of("id", w.id(), "scope", w.scope(),
                            "start", w.start().toString(), "end", w.end().toString(), "reason", w.reason(), "by", w.by())).toList()));
                    return Cli.OK;
                }
                if (windows.isEmpty()) {
                    out().println("no maintenance window is in force");
                }
                var zone = catalog.team().timezone();
                windows.forEach(w -> out().println((w.id() == 0 ? "config" : "#" + w.id()) + "  " + w.scope() + "  " + Times.shown(w.start(), zone) + " → "
                        + Times.shown(w.end(), zone) + "  by " + w.by() + (w.reason().isBlank() ? "" : ": " + w.reason())));
            }
            return Cli.OK;
        }
    }
}
