package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.incident.NoiseReport;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pipekeeper report noise}: how much of what went wrong reached people, and how. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Reports over a stretch of days.", subcommands = ReportCommand.Noise.class)
final class ReportCommand extends BaseCommand {
    private static final int DEFAULT_DAYS = 7;

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return Cli.OK;
    }

    @Command(name = "noise", mixinStandardHelpOptions = true,
            description = "Signals, incidents (root causes, with their impacts) and pages; per cause, per check (and the checks that flap), "
                    + "per pipeline, and pages per person per week.")
    static final class Noise extends BaseCommand {
        @Option(names = "--from", paramLabel = "DATE", description = "First day (default: 6 days before --to).")
        String from;

        @Option(names = "--to", paramLabel = "DATE", description = "Last day, inclusive (default: today).")
        String to;

        @Option(names = "--json", description = "Print {from, to, signals, incidents, impacts, pages, causes, checks, pipelines, pages_per_person_week}.")
        boolean json;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            ZoneId zone = catalog.team().timezone();
            LocalDate[] days = DateRange.resolveBack(from, to, today(zone), DEFAULT_DAYS);
            NoiseReport report;
            try (App app = app(catalog)) {
                app.incidentLoop().runOnce(now());
                report = NoiseReport.load(app.store().jdbi(), days[0], days[1], zone);
            }
            if (json) {
                printJson(report.json());
                return Cli.OK;
            }
            print(report);
            return Cli.OK;
        }

        private void print(NoiseReport report) {
            out().println("Noise, " + report.from() + " to " + report.to() + ": " + report.headline());
            if (!report.causes().isEmpty()) {
                out().println();
                Table table = new Table("incident", "cause", "severity", "status", "signals", "impacts", "pages", "useful", "noise");
                report.causes().forEach(c -> table.row("#" + c.incident(), c.what(), c.severity(), c.status(), c.signals(), c.impacts(), c.pages(),
                        c.useful(), c.noise()));
                table.print(out());
            }
            if (!report.checks().isEmpty()) {
                out().println();
                Table table = new Table("check", "on", "signals", "failed days", "passed days", "flips", "");
                report.checks().forEach(c -> table.row(c.check(), c.subject(), c.signals(), c.failedDays(), c.passedDays(), c.flips(),
                        c.flapping() ? "flaps" : ""));
                table.print(out());
            }
            if (!report.pipelines().isEmpty()) {
                out().println();
                Table table = new Table("pipeline or source", "signals", "caused", "impacted");
                report.pipelines().forEach(p -> table.row(p.subject(), p.signals(), p.causes(), p.impacts()));
                table.print(out());
            }
            if (!report.pagesPerPersonWeek().isEmpty()) {
                out().println();
                Table table = new Table("person", "week", "pages");
                report.pagesPerPersonWeek().forEach(w -> table.row(w.person(), w.week(), w.pages()));
                table.print(out());
            }
        }
    }
}
