package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Durations;
import io.pipekeeper.incident.OnCallReport;
import io.pipekeeper.oncall.Roster;
import java.time.LocalDate;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Who carried the on-call load: hours, weekends and holidays, pages by day and night, answers; CSV for on-call pay. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Who carried the on-call load from --from to --to (default: the last 30 days): hours as primary and secondary,",
                "weekend and holiday hours, pages received (out of working hours, at night), acknowledgements and the median time",
                "to acknowledge, and the team's spread. --csv for payroll (on-call pay)."})
final class OnCallReportCommand extends BaseCommand {
    @Option(names = "--from", paramLabel = "DATE", description = "The first day (default: 29 days before --to).")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "The last day (default: today).")
    String to;

    @Option(names = "--json", description = "Print {from, to, people:[{id, name, primary_hours, secondary_hours, weekend_hours, holiday_hours, pages, "
            + "pages_out_of_hours, pages_at_night, acknowledged, median_seconds_to_acknowledge}], spread:{…}}.")
    boolean json;

    @Option(names = "--csv", description = "Print CSV, one row per person, a header first.")
    boolean csv;

    @Override
    public Integer call() {
        if (json && csv) {
            throw new BadInputException("--json and --csv: choose one");
        }
        Catalog catalog = catalog();
        try (App app = app(catalog)) {
            Roster roster = app.roster();
            LocalDate[] days = DateRange.resolveBack(from, to, today(roster.zone()), 30);
            OnCallReport report = OnCallReport.load(catalog, roster, app.store().jdbi(), days[0], days[1]);
            if (json) {
                printJson(report.json());
            } else if (csv) {
                out().print(report.csv());
            } else {
                out().println("on-call load from " + report.from() + " to " + report.to() + " (pages out of "
                        + catalog.team().workingHours().map(io.pipekeeper.config.WorkingHours::shown).orElse("Mon–Fri 09:00–17:00") + "; night 22:00–07:00)");
                Table table = new Table("person", "primary h", "secondary h", "weekend h", "holiday h", "pages", "out of hours", "at night",
                        "acknowledged", "median to ack");
                report.people().forEach(p -> table.row(p.id(), p.primaryHours(), p.secondaryHours(), p.weekendHours(), p.holidayHours(), p.pages(),
                        p.pagesOutOfHours(), p.pagesAtNight(), p.acknowledged(), p.medianToAcknowledge().map(Durations::format).orElse("-")));
                Map<String, Double> spread = report.spread();
                table.row("spread", spread.get("primary_hours"), spread.get("secondary_hours"), spread.get("weekend_hours"), spread.get("holiday_hours"),
                        spread.get("pages"), "", spread.get("pages_at_night"), "", "");
                table.print(out());
            }
        }
        return Cli.OK;
    }
}
