package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.oncall.Assignment;
import io.pipekeeper.oncall.Away;
import io.pipekeeper.oncall.CalendarFeed;
import io.pipekeeper.oncall.Holiday;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.oncall.Segment;
import io.pipekeeper.oncall.Shift;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "oncall", mixinStandardHelpOptions = true,
        description = "Who is on call, when, and how fairly: rotation, holidays, time off, overrides, a fair planner.",
        subcommands = {
            OnCallCommand.Now.class,
            OnCallCommand.Handoff.class,
            OnCallScheduleCommands.Schedule.class,
            OnCallScheduleCommands.FairnessReport.class,
            OnCallPlanCommand.class,
            OnCallChangeCommands.OverrideCommand.class,
            OnCallChangeCommands.SwapCommand.class,
            OnCallChangeCommands.TimeOffCommand.class,
        })
final class OnCallCommand extends BaseCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return Cli.OK;
    }

    /** The instant a command is about: --at when given, else now. */
    static Instant at(String at, ZoneId zone) {
        return at == null ? Instant.now() : Times.instant("--at", at, zone);
    }

    @Command(name = "now", mixinStandardHelpOptions = true,
            description = "Who is primary and secondary at an instant (default: now), and why.")
    static final class Now extends BaseCommand {
        @Option(names = "--at", paramLabel = "T", description = "An instant: 2026-12-25T12:00 (team's zone), with an offset, or in UTC (…Z).")
        String at;

        @Option(names = "--json", description = "Print {at, primary, secondary, source, shift:{index,start,end}, holiday, reasons}.")
        boolean json;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            try (App app = app(catalog)) {
                Roster roster = app.roster();
                Assignment assignment = roster.schedule().at(OnCallCommand.at(at, roster.zone()));
                if (json) {
                    printJson(OnCallJson.now(roster, assignment));
                } else {
                    print(roster, assignment, out());
                }
            }
            return Cli.OK;
        }

        static void print(Roster roster, Assignment assignment, PrintWriter out) {
            ZoneId zone = roster.zone();
            Optional<Holiday> holiday = roster.holidays().on(assignment.at().atZone(zone).toLocalDate());
            out.println("on call at " + Times.shown(assignment.at(), zone) + holiday.map(h -> " (" + h.name() + ")").orElse(""));
            out.println("  primary:   " + assignment.primary().orElse("nobody"));
            out.println("  secondary: " + assignment.secondary().orElse("nobody"));
            out.println("  source:    " + assignment.source().text() + assignment.shift()
                    .map(s -> " (turn " + s.index() + ": " + Times.shown(s.start(), zone) + " to " + Times.shown(s.end(), zone) + ")")
                    .orElse(""));
            assignment.reasons().forEach(reason -> out.println("  why:       " + reason));
        }
    }

    @Command(name = "handoff", mixinStandardHelpOptions = true,
            description = {"The hand-off at or before an instant (default: now): who hands over to whom, the holidays",
                "of the coming shift, and the time off of its people."})
    static final class Handoff extends BaseCommand {
        @Option(names = "--at", paramLabel = "T", description = "An instant: 2026-12-25T12:00 (team's zone), with an offset, or in UTC (…Z).")
        String at;

        @Option(names = "--json", description = "Print {at, from:{primary,secondary}, to:{primary,secondary,start,end}, holidays, time_off}.")
        boolean json;

        @Override
        public Integer call() {
            try (App app = app(catalog())) {
                Roster roster = app.roster();
                Instant t = OnCallCommand.at(at, roster.zone());
                Optional<Shift> coming = roster.schedule().baseShiftAt(t);
                if (coming.isEmpty()) {
                    out().println("no hand-off yet: the rotation starts " + Times.shown(roster.schedule().rotation().start(), roster.zone()));
                    return Cli.OK;
                }
                printHandoff(roster, coming.get(), json);
            }
            return Cli.OK;
        }

        private void printHandoff(Roster roster, Shift coming, boolean asJson) {
            ZoneId zone = roster.zone();
            Assignment before = roster.schedule().at(coming.start().minusSeconds(1));
            Assignment after = roster.schedule().at(coming.start());
            List<Segment> segments = roster.schedule().segments(coming.start(), coming.end());
            List<Holiday> holidays = new ArrayList<>();
            segments.forEach(segment -> holidays.addAll(CalendarFeed.holidaysIn(roster, segment)));
            List<Away> away = new ArrayList<>();
            for (String person : List.of(coming.primary(), coming.secondary())) {
                away.addAll(roster.schedule().awayDuring(person, coming.start(), coming.end()));
            }
            if (asJson) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("at", coming.start().toString());
                json.put("from", Map.of("primary", before.primary().orElse(""), "secondary", before.secondary().orElse("")));
                Map<String, Object> to = new LinkedHashMap<>();
                to.put("primary", after.primary().orElse(null));
                to.put("secondary", after.secondary().orElse(null));
                to.put("start", coming.start().toString());
                to.put("end", coming.end().toString());
                json.put("to", to);
                json.put("holidays", OnCallJson.holidays(holidays));
                json.put("time_off", away.stream().map(a -> Map.of("person", a.person(), "start", a.start().toString(),
                        "end", a.end().toString(), "reason", a.reason())).toList());
                printJson(json);
                return;
            }
            PrintWriter out = out();
            out.println("hand-off " + Times.shown(coming.start(), zone));
            out.println("  primary:   " + before.primary().orElse("nobody") + " → " + after.primary().orElse("nobody"));
            out.println("  secondary: " + before.secondary().orElse("nobody") + " → " + after.secondary().orElse("nobody"));
            out.println("  until:     " + Times.shown(coming.end(), zone));
            if (holidays.isEmpty()) {
                out.println("  holidays:  none");
            }
            holidays.forEach(h -> out.println("  holiday:   " + h.date() + " " + h.name() + " (primary covers, secondary backs up)"));
            if (away.isEmpty()) {
                out.println("  time off:  none");
            }
            away.forEach(a -> out.println("  time off:  " + a.person() + " from " + Times.shown(a.start(), zone) + " to "
                    + Times.shown(a.end(), zone) + (a.reason().isBlank() ? "" : " (" + a.reason() + ")")));
            if (after.primary().isEmpty() || after.secondary().isEmpty()) {
                out.println("  warning:   a role is empty at the hand-off; see 'pipekeeper oncall schedule'");
            }
        }
    }

}
