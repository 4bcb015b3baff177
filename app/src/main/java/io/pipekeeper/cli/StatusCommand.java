package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.status.StatusPages;
import io.pipekeeper.status.StatusReport;
import java.time.LocalDate;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What an audience's status page says, in the terminal: each metric's state and data date, open incidents in plain words, 30 days. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"What an audience (investors, experiments, internal) sees of its metrics: up to date, late or under investigation,",
                "the date of the data and the last good run, open incidents in plain words, and the last 30 days. The same as /status/AUDIENCE."})
final class StatusCommand extends BaseCommand {
    @Parameters(paramLabel = "AUDIENCE")
    String audience;

    @Option(names = "--json", description = "Print {audience, title, at, state, metrics:[{id, name, state, data_date, last_good_run}], notices, days:[{date, state}]}.")
    boolean json;

    @Override
    public Integer call() {
        Catalog catalog = catalog();
        if (!catalog.audiences().contains(audience)) {
            throw new BadInputException("AUDIENCE: no pipeline has audience '" + audience + "'; the audiences are " + String.join(", ", catalog.audiences()));
        }
        try (App app = app(catalog)) {
            StatusReport report = new StatusPages(catalog, app.runStore(), app.incidentStore()).report(audience, now());
            if (json) {
                printJson(report.json());
                return Cli.OK;
            }
            print(report, catalog.team().timezone(), out());
        }
        return Cli.OK;
    }

    /** The report as the terminal shows it: the headline, a table of the metrics, the notices and the strip. */
    static void print(StatusReport report, ZoneId zone, PrintWriter out) {
        out.println(report.title() + ": " + report.state().text() + " (" + Roster.shown(report.at(), zone) + ")");
        Table table = new Table("metric", "state", "data of", "last good run");
        report.metrics().forEach(m -> table.row(m.name(), m.state().text(), m.dataDate().map(LocalDate::toString).orElse("none"),
                m.lastGoodRun().map(at -> Roster.shown(at, zone)).orElse("none")));
        table.print(out, "  ");
        report.notices().forEach(notice -> out.println("  ! " + notice));
        out.println("  last " + StatusReport.DAYS + " days: " + report.days().stream().map(d -> switch (d.state()) {
            case "ok" -> "■";
            case "late" -> "▲";
            default -> "✖";
        }).collect(Collectors.joining()) + "  (■ complete, ▲ data missing, ✖ incident)");
    }
}
