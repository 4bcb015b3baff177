package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Suggestions;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.pipeline.RunJson;
import io.pipekeeper.pipeline.RunStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Running pipelines: one date, a range of dates, and the history. */
final class RunCommands {
    private RunCommands() {
    }

    static void requirePipelines(Catalog catalog, List<String> ids) {
        for (String id : ids) {
            if (!catalog.pipelines().containsKey(id)) {
                throw new BadInputException("'" + id + "' is not a pipeline" + Suggestions.didYouMean(id, catalog.pipelines().keySet())
                        + " (pipelines: " + String.join(", ", catalog.pipelines().keySet()) + ")");
            }
        }
    }

    static Map<String, Object> json(Run run) {
        return RunJson.of(run);
    }

    static void printTable(List<Run> runs, PrintWriter out) {
        Table table = new Table("date", "pipeline", "status", "engine", "tries", "rows in", "rows out", "seconds", "cpu s", "peak MB", "error");
        for (Run run : runs) {
            table.row(run.date(), run.pipeline(), run.status().text(), run.engine(), run.attempts(), String.format(Locale.ROOT, "%,d", run.rowsIn()),
                    String.format(Locale.ROOT, "%,d", run.rowsOut()), String.format(Locale.ROOT, "%.2f", run.wallMillis() / 1000.0),
                    String.format(Locale.ROOT, "%.2f", run.cpuMillis() / 1000.0),
                    String.format(Locale.ROOT, "%.1f", run.peakMemoryBytes() / 1048576.0), run.error().map(e -> shorten(e, 90)).orElse(""));
        }
        table.print(out);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs pipelines for one date (default: all) and what they need, upstream first. A pipeline whose",
                "input is missing or whose upstream failed is blocked, not failed. Exit 0 when all succeeded, 1 otherwise."})
    static final class RunCommand extends BaseCommand {
        @Parameters(paramLabel = "PIPELINE", arity = "0..*", description = "Pipelines to run (default: all).")
        List<String> pipelines = new ArrayList<>();

        @Option(names = "--date", paramLabel = "DATE", required = true, description = "The date to compute (YYYY-MM-DD).")
        String date;

        @Option(names = "--json", description = "Print {date, runs:[{pipeline, status, engine, attempts, started_at, finished_at, rows_in, rows_out, cpu_ms, peak_memory_bytes, output, error}]}.")
        boolean json;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            requirePipelines(catalog, pipelines);
            LocalDate day = Times.date("--date", date);
            try (App app = app(catalog)) {
                app.runStore().closeInterrupted(now());
                List<Run> runs = app.pipelineRunner().run(pipelines, day);
                app.incidentLoop().runOnce(now());
                app.deliveryLoop().runOnce(now());
                if (json) {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("date", day.toString());
                    result.put("runs", runs.stream().map(RunCommands::json).toList());
                    printJson(result);
                } else {
                    printTable(runs, out());
                }
                return runs.stream().allMatch(r -> r.status() == Run.Status.SUCCEEDED) ? Cli.OK : Cli.FAILED;
            }
        }
    }

    @Command(name = "backfill", mixinStandardHelpOptions = true,
            description = "Runs one pipeline (and what it needs) for every date from --from to --to, oldest first.")
    static final class Backfill extends BaseCommand {
        @Parameters(paramLabel = "PIPELINE", description = "The pipeline to backfill.")
        String pipeline;

        @Mixin
        DateRange range;

        @Option(names = "--json", description = "Print {runs:[…]} for every date.")
        boolean json;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            requirePipelines(catalog, List.of(pipeline));
            if (range.from == null || range.to == null) {
                throw new BadInputException("a backfill needs --from DATE and --to DATE");
            }
            LocalDate[] days = range.resolve(today(catalog.team().timezone()), 1);
            try (App app = app(catalog)) {
                app.runStore().closeInterrupted(now());
                List<Run> runs = new ArrayList<>();
                Progress progress = Progress.of(invocation(), days[1].toEpochDay() - days[0].toEpochDay() + 1);
                for (LocalDate day = days[0]; !day.isAfter(days[1]); day = day.plusDays(1)) {
                    runs.addAll(app.pipelineRunner().run(List.of(pipeline), day));
                    progress.step(day.toString());
                }
                progress.done();
                app.incidentLoop().runOnce(now());
                app.deliveryLoop().runOnce(now());
                if (json) {
                    printJson(Map.of("runs", runs.stream().map(RunCommands::json).toList()));
                } else {
                    printTable(runs, out());
                }
                return runs.stream().allMatch(r -> r.status() == Run.Status.SUCCEEDED) ? Cli.OK : Cli.FAILED;
            }
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "The history of runs, from the store.")
    static final class Runs extends BaseCommand {
        @Option(names = "--pipeline", paramLabel = "P", description = "Only this pipeline.")
        String pipeline;

        @Option(names = "--from", paramLabel = "DATE", description = "From this date.")
        String from;

        @Option(names = "--to", paramLabel = "DATE", description = "To this date, inclusive.")
        String to;

        @Option(names = "--json", description = "Print {runs:[…]}.")
        boolean json;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            if (pipeline != null) {
                requirePipelines(catalog, List.of(pipeline));
            }
            try (App app = app(catalog)) {
                RunStore store = app.runStore();
                List<Run> runs = store.runs(Optional.ofNullable(pipeline), Optional.ofNullable(from).map(f -> Times.date("--from", f)),
                        Optional.ofNullable(to).map(t -> Times.date("--to", t)));
                if (json) {
                    printJson(Map.of("runs", runs.stream().map(RunCommands::json).toList()));
                } else {
                    printTable(runs, out());
                }
            }
            return Cli.OK;
        }
    }
}
