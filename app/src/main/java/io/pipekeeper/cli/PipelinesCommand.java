package io.pipekeeper.cli;

import com.cronutils.descriptor.CronDescriptor;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.pipeline.CronTimes;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pipelines", mixinStandardHelpOptions = true,
        description = {"The pipelines: each one's cron in words, its next run and its deadline, in the team's zone."},
        subcommands = PipelinesCommand.Next.class)
final class PipelinesCommand extends BaseCommand {
    @Override
    public Integer call() {
        Catalog catalog = catalog();
        ZoneId zone = catalog.team().timezone();
        Instant now = now();
        Table table = new Table("pipeline", "cron", "runs", "next run", "deadline");
        for (Pipeline pipeline : catalog.pipelines().values()) {
            table.row(pipeline.id(), pipeline.schedule().cronText(), words(pipeline),
                    times(pipeline, zone).next(now).map(at -> Times.shown(at, zone)).orElse("never"),
                    pipeline.schedule().deadline().map(Object::toString).orElse(""));
        }
        out().println("In " + zone + ". 'pipekeeper pipelines next' lists the coming runs.");
        table.print(out());
        return Cli.OK;
    }

    static CronTimes times(Pipeline pipeline, ZoneId zone) {
        return new CronTimes(pipeline.schedule().cron(), zone);
    }

    static String words(Pipeline pipeline) {
        return CronDescriptor.instance(Locale.UK).describe(pipeline.schedule().cron());
    }

    @Command(name = "next", mixinStandardHelpOptions = true,
            description = {"The next run times of one pipeline (default: all) in the team's zone, with daylight-saving changes,",
                "from the same rule the scheduler uses (crontab's: day-of-month OR day-of-week). Each run computes the day before."})
    static final class Next extends BaseCommand {
        @Parameters(paramLabel = "PIPELINE", arity = "0..1", description = "The pipeline (default: every pipeline).")
        String pipeline;

        @Option(names = "--count", paramLabel = "N", defaultValue = "5", description = "How many run times (default: ${DEFAULT-VALUE}, at most 1000).")
        int count;

        @Option(names = "--from", paramLabel = "T", description = "Start after this instant instead of now: 2026-12-25T12:00 (team's zone), with an offset, or …Z.")
        String from;

        @Option(names = "--json", description = "Print {timezone, from, pipelines:[{pipeline, cron, description, runs:[{at, utc, computes}]}]}.")
        boolean json;

        @Override
        public Integer call() {
            if (count < 1 || count > 1000) {
                throw new BadInputException("--count: '" + count + "' is out of range; give a number from 1 to 1000");
            }
            Catalog catalog = catalog();
            List<Pipeline> chosen = new ArrayList<>(catalog.pipelines().values());
            if (pipeline != null) {
                RunCommands.requirePipelines(catalog, List.of(pipeline));
                chosen = List.of(catalog.pipeline(pipeline));
            }
            ZoneId zone = catalog.team().timezone();
            Instant start = from == null ? now() : Times.instant("--from", from, zone);
            List<Map<String, Object>> report = new ArrayList<>();
            for (Pipeline each : chosen) {
                List<Map<String, Object>> runs = new ArrayList<>();
                for (Instant at : times(each, zone).next(start, count)) {
                    ZonedDateTime local = at.atZone(zone);
                    Map<String, Object> run = new LinkedHashMap<>();
                    run.put("at", local.toOffsetDateTime().toString());
                    run.put("utc", at.toString());
                    run.put("computes", local.toLocalDate().minusDays(1).toString());
                    runs.add(run);
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("pipeline", each.id());
                entry.put("cron", each.schedule().cronText());
                entry.put("description", words(each));
                entry.put("runs", runs);
                report.add(entry);
            }
            if (json) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("timezone", zone.getId());
                document.put("from", start.toString());
                document.put("pipelines", report);
                printJson(document);
                return Cli.OK;
            }
            for (Map<String, Object> entry : report) {
                out().println(entry.get("pipeline") + ": \"" + entry.get("cron") + "\", " + entry.get("description") + ", in " + zone);
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> runs = (List<Map<String, Object>>) entry.get("runs");
                if (runs.isEmpty()) {
                    out().println("  never runs again");
                }
                for (Map<String, Object> run : runs) {
                    out().println("  " + Times.shown(Instant.parse((String) run.get("utc")), zone) + "  computes " + run.get("computes"));
                }
            }
            return Cli.OK;
        }
    }
}
