package io.pipekeeper.cli;

import io.pipekeeper.oncall.OnCallJson;
import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.oncall.Assignment;
import io.pipekeeper.oncall.HandoffReport;
import io.pipekeeper.oncall.Holiday;
import io.pipekeeper.oncall.Roster;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "oncall", mixinStandardHelpOptions = true,
        description = "Who is on call, when, and how fairly: rotation, holidays, time off, overrides, a fair planner.",
        subcommands = {
            OnCallCommand.Now.class,
            OnCallCommand.Handoff.class,
            OnCallCommand.Feed.class,
            OnCallScheduleCommands.Schedule.class,
            OnCallScheduleCommands.FairnessReport.class,
            OnCallReportCommand.class,
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
    static Instant at(String at, ZoneId zone, Instant now) {
        return at == null ? now : Times.instant("--at", at, zone);
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
                Assignment assignment = roster.schedule().at(OnCallCommand.at(at, roster.zone(), now()));
                if (json) {
                    printJson(OnCallJson.now(roster, assignment));
                } else {
                    print(roster, assignment, out());
                    java.time.LocalDateTime local = java.time.LocalDateTime.ofInstant(assignment.at(), roster.zone());
                    for (io.pipekeeper.config.RoleOverride.Role role : io.pipekeeper.config.RoleOverride.Role.values()) {
                        catalog.oncall().respondersAt(role, local).forEach(added -> out().println("  added:     " + added.person() + " beside the "
                                + role.text() + " until " + added.to() + added.reason().map(r -> " (" + r + ")").orElse("")));
                    }
                }
            }
            return Cli.OK;
        }

        static void print(Roster roster, Assignment assignment, PrintWriter out) {
            ZoneId zone = roster.zone();
            Optional<Holiday> holiday = roster.holidayOn(assignment.primary(), assignment.at().atZone(zone).toLocalDate());
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
                Instant t = OnCallCommand.at(at, roster.zone(), now());
                Optional<HandoffReport> report = HandoffReport.at(roster, t);
                if (report.isEmpty()) {
                    out().println("no hand-off yet: the rotation starts " + Times.shown(roster.schedule().rotation().start(), roster.zone()));
                    return Cli.OK;
                }
                if (json) {
                    printJson(json(report.get()));
                } else {
                    report.get().lines().forEach(out()::println);
                }
            }
            return Cli.OK;
        }

        private static Map<String, Object> json(HandoffReport report) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("at", report.shift().start().toString());
            json.put("from", Map.of("primary", report.before().primary().orElse(""), "secondary", report.before().secondary().orElse("")));
            Map<String, Object> to = new LinkedHashMap<>();
            to.put("primary", report.after().primary().orElse(null));
            to.put("secondary", report.after().secondary().orElse(null));
            to.put("start", report.shift().start().toString());
            to.put("end", report.shift().end().toString());
            json.put("to", to);
            json.put("holidays", OnCallJson.holidays(report.holidays()));
            json.put("time_off", report.away().stream().map(a -> Map.of("person", a.person(), "start", a.start().toString(),
                    "end", a.end().toString(), "reason", a.reason())).toList());
            return json;
        }
    }


    @Command(name = "feed", mixinStandardHelpOptions = true,
            description = {"A person's on-call shifts as a calendar feed at a secret address, for Google, Outlook or Apple calendars.",
                "The address is the credential: --revoke makes every address made for the person stop working."})
    static final class Feed extends BaseCommand {
        @Option(names = "--person", required = true, paramLabel = "P", description = "Whose shifts.")
        String person;

        @Option(names = "--revoke", description = "Revoke the person's feed addresses instead of making one.")
        boolean revoke;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            IncidentCommands.person(catalog, "--person", person);
            try (App app = app(catalog)) {
                io.pipekeeper.access.CalendarFeeds feeds = new io.pipekeeper.access.CalendarFeeds(app.store().jdbi());
                String actor = invocation().environment().getOrDefault("USER", "cli");
                if (revoke) {
                    int revoked = feeds.revoke(person, now());
                    audit(app, actor, "feed revoke", "person " + person, revoked + " address(es)");
                    out().println(revoked + " calendar address(es) of " + person + " revoked");
                    return Cli.OK;
                }
                String token = feeds.create(person, now());
                audit(app, actor, "feed create", "person " + person, null);
                out().println(catalog.baseUrl().orElse("http://127.0.0.1:8080").replaceAll("/+$", "") + "/calendar/" + token + ".ics");
            }
            return Cli.OK;
        }
    }
}
