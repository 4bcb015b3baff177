package io.pipekeeper.cli;

import io.pipekeeper.oncall.OnCallJson;
import io.pipekeeper.App;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.oncall.plan.FairPlanner;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Proposes fair shifts of the rotation's length with the Timefold solver. Hard: two people per",
            "shift, nobody on time off, nobody primary twice in a row. Then, in order: balance primary shifts, primary",
            "holidays, primary weekend days, secondary shifts (counting the ledger from --since), and keep the",
            "configured pair order where it costs nothing. --save makes 'now' and 'schedule' use it."})
final class OnCallPlanCommand extends BaseCommand {
    enum Format { table, json, yaml }

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    /** The days whose hand-offs are planned. */
    @Mixin
    DateRange range;

    @Option(names = "--since", paramLabel = "DATE", description = "Count duty done from this day on into the balance.")
    String since;

    @Option(names = "--format", defaultValue = "table", description = "table, json or yaml (an oncall.plan block for pipekeeper.yaml).")
    Format format;

    @Option(names = "--json", description = "The same as --format json: {shifts, fairness, score, feasible}.")
    boolean json;

    @Option(names = "--explain", description = "Also print every penalty: which rule, whom, how much.")
    boolean explain;

    @Option(names = "--save", description = "Store the plan; it replaces the rotation where its shifts lie.")
    boolean save;

    @Option(names = "--by", paramLabel = "P", description = "Who saves it (default: $USER).")
    String by;

    @Override
    public Integer call() {
        try (App app = app(catalog())) {
            Roster roster = app.roster();
            ZoneId zone = roster.zone();
            LocalDate[] days = range.resolve(today(zone), 364);
            LocalDate ledgerStart = DateRange.ledgerStart(since, days[0]);
            FairPlanner.Proposal proposal = app.fairPlanner().plan(roster, days[0], days[1], ledgerStart);
            Format chosen = json ? Format.json : format;
            switch (chosen) {
                case json -> printJson(toJson(proposal));
                case yaml -> printYaml(proposal, zone, days);
                default -> printTable(proposal, zone);
            }
            if (explain && chosen != Format.json) {
                out().println();
                out().println("penalties (score " + proposal.score() + "):");
                proposal.explanation().forEach(line -> out().println("  " + line));
            }
            if (!proposal.feasible()) {
                invocation().err().println("pipekeeper: no plan keeps every hard rule from " + days[0] + " to " + days[1]
                        + " (too much time off at once?); see --explain. Nothing was saved.");
                return Cli.FAILED;
            }
            if (save) {
                String author = by != null ? by : invocation().environment().getOrDefault("USER", "cli");
                app.onCallStore().savePlan(proposal.asPlan(), author, now());
                invocation().err().println("saved: " + proposal.shifts().size() + " shifts replace the rotation from "
                        + Times.shown(proposal.shifts().get(0).start(), zone) + " to "
                        + Times.shown(proposal.shifts().get(proposal.shifts().size() - 1).end(), zone));
            }
        }
        return Cli.OK;
    }

    private static Map<String, Object> toJson(FairPlanner.Proposal proposal) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("shifts", proposal.shifts().stream().map(s -> {
            Map<String, Object> shift = new LinkedHashMap<>();
            shift.put("start", s.start().toString());
            shift.put("end", s.end().toString());
            shift.put("primary", s.primary());
            shift.put("secondary", s.secondary());
            shift.put("holidays", OnCallJson.holidays(s.holidays()));
            return shift;
        }).toList());
        json.put("fairness", proposal.fairness().toJson());
        json.put("score", proposal.score());
        json.put("feasible", proposal.feasible());
        json.put("explanation", proposal.explanation());
        return json;
    }

    private void printYaml(FairPlanner.Proposal proposal, ZoneId zone, LocalDate[] days) {
        PrintWriter out = out();
        out.println("# Proposed by 'pipekeeper oncall plan --from " + days[0] + " --to " + days[1] + "' (score "
                + proposal.score() + ").");
        out.println("# Put the plan list under the oncall: key of pipekeeper.yaml; times are local to " + zone + ".");
        out.println("oncall:");
        out.println("  plan:");
        for (FairPlanner.PlannedShift shift : proposal.shifts()) {
            out.println("    - {start: " + LOCAL.format(shift.start().atZone(zone)) + ", end: " + LOCAL.format(shift.end().atZone(zone))
                    + ", primary: " + shift.primary() + ", secondary: " + shift.secondary() + "}"
                    + (shift.holidays().isEmpty() ? "" : "   # " + String.join(", ",
                    shift.holidays().stream().map(h -> h.date() + " " + h.name()).toList())));
        }
    }

    private void printTable(FairPlanner.Proposal proposal, ZoneId zone) {
        Table shifts = new Table("from", "to", "primary", "secondary", "holidays");
        for (FairPlanner.PlannedShift shift : proposal.shifts()) {
            shifts.row(Times.shown(shift.start(), zone), Times.shown(shift.end(), zone), shift.primary(), shift.secondary(),
                    String.join(", ", shift.holidays().stream().map(h -> h.date() + " " + h.name()).toList()));
        }
        shifts.print(out());
        out().println();
        Table fairness = new Table("person", "primary h", "secondary h", "primary weekend days", "primary holidays", "secondary holidays");
        proposal.fairness().people().forEach(p -> fairness.row(p.id(), p.primaryHours(), p.secondaryHours(),
                p.primaryWeekendDays(), p.primaryHolidays(), p.secondaryHolidays()));
        Map<String, Double> spread = proposal.fairness().spread();
        fairness.row("spread", spread.get("primary_hours"), spread.get("secondary_hours"), spread.get("primary_weekend_days"),
                spread.get("primary_holidays"), spread.get("secondary_holidays"));
        fairness.print(out());
        out().println("score: " + proposal.score() + (proposal.feasible() ? "" : " (infeasible: hard rules broken)"));
    }

}
