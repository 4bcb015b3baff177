package io.pipekeeper.cli;

import io.pipekeeper.oncall.OnCallJson;
import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.oncall.CalendarFeed;
import io.pipekeeper.oncall.Fairness;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.oncall.Segment;
import io.pipekeeper.oncall.Source;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The on-call schedule over a stretch of days, as a table, JSON or a calendar, and how fair it is. */
final class OnCallScheduleCommands {
    private OnCallScheduleCommands() {
    }

    @Command(name = "schedule", mixinStandardHelpOptions = true,
            description = {"The schedule from one date to another, cut wherever the primary or secondary changes,",
                "with holidays marked. --format ics writes an RFC 5545 calendar for Google, Outlook or Apple."})
    static final class Schedule extends BaseCommand {
        enum Format { table, json, ics }

        @Mixin
        DateRange range;

        @Option(names = "--format", defaultValue = "table", description = "table, json or ics (default: ${DEFAULT-VALUE}).")
        Format format;

        @Option(names = "--json", description = "The same as --format json.")
        boolean json;

        @Option(names = "--person", paramLabel = "P", description = "Only this person's shifts (ics), or segments (table, json).")
        String person;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            if (person != null && catalog.team().person(person).isEmpty()) {
                throw new BadInputException("--person: '" + person + "' is not a person in team.people"
                        + io.pipekeeper.config.Suggestions.didYouMean(person, catalog.team().personIds()));
            }
            try (App app = app(catalog)) {
                Roster roster = app.roster();
                LocalDate[] days = range.resolve(today(roster.zone()), 56);
                Instant start = Roster.startOfDay(days[0], roster.zone());
                Instant end = Roster.startOfDay(days[1].plusDays(1), roster.zone());
                List<Segment> segments = roster.schedule().segments(start, end).stream()
                        .filter(s -> person == null || s.primary().filter(person::equals).isPresent()
                                || s.secondary().filter(person::equals).isPresent())
                        .toList();
                Format chosen = json ? Format.json : format;
                switch (chosen) {
                    case json -> printJson(Map.of("segments", segments.stream().map(s -> OnCallJson.segment(roster, s)).toList()));
                    case ics -> out().print(CalendarFeed.of(roster, segments, Optional.ofNullable(person),
                            catalog.team().name(), now()));
                    default -> printTable(roster, segments);
                }
            }
            return Cli.OK;
        }

        private void printTable(Roster roster, List<Segment> segments) {
            Table table = new Table("from", "to", "primary", "secondary", "source", "holidays");
            for (Segment segment : segments) {
                List<String> holidays = CalendarFeed.holidaysIn(roster, segment).stream()
                        .map(h -> h.date() + " " + h.name()).toList();
                table.row(Times.shown(segment.start(), roster.zone()), Times.shown(segment.end(), roster.zone()),
                        segment.primary().orElse("NOBODY"), segment.secondary().orElse("NOBODY"), segment.source().text(),
                        String.join(", ", holidays));
            }
            table.print(out());
            segments.stream().filter(s -> s.source() != Source.NONE && (s.primary().isEmpty() || s.secondary().isEmpty()))
                    .findFirst().ifPresent(s ->
                    out().println("warning: a role is empty from " + Times.shown(s.start(), roster.zone())
                            + ": " + String.join("; ", s.reasons())));
        }
    }

    @Command(name = "fairness", mixinStandardHelpOptions = true,
            description = {"How evenly duty fell from one date to another: hours as primary and secondary, weekend days",
                "and holidays as primary (a day counts for whoever is on call at 12:00 local), and the spread of each.",
                "--since starts the ledger earlier, so that last year's Christmases count."})
    static final class FairnessReport extends BaseCommand {
        @Mixin
        DateRange range;

        @Option(names = "--since", paramLabel = "DATE", description = "Count from this earlier day instead of --from.")
        String since;

        @Option(names = "--json", description = "Print {from, to, people:[{id, primary_hours, …}], spread:{…}}.")
        boolean json;

        @Override
        public Integer call() {
            try (App app = app(catalog())) {
                Roster roster = app.roster();
                LocalDate[] days = range.resolve(today(roster.zone()), 364);
                LocalDate first = DateRange.ledgerStart(since, days[0]);
                Fairness fairness = Fairness.of(roster, first, days[1]);
                if (json) {
                    printJson(fairness.toJson());
                } else {
                    print(fairness);
                }
            }
            return Cli.OK;
        }

        private void print(Fairness fairness) {
            out().println("on-call duty from " + fairness.from() + " to " + fairness.to());
            Table table = new Table("person", "primary h", "secondary h", "primary weekend days", "primary holidays", "secondary holidays");
            fairness.people().forEach(p -> table.row(p.id(), p.primaryHours(), p.secondaryHours(), p.primaryWeekendDays(),
                    p.primaryHolidays(), p.secondaryHolidays()));
            Map<String, Double> spread = fairness.spread();
            table.row("spread", spread.get("primary_hours"), spread.get("secondary_hours"), spread.get("primary_weekend_days"),
                    spread.get("primary_holidays"), spread.get("secondary_holidays"));
            table.print(out());
        }
    }
}
