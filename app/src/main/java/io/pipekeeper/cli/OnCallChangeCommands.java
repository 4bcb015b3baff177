package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.RoleOverride;
import io.pipekeeper.config.Suggestions;
import io.pipekeeper.config.TimeOff;
import io.pipekeeper.oncall.OnCallChanges;
import io.pipekeeper.oncall.OnCallStore;
import io.pipekeeper.oncall.Role;
import io.pipekeeper.oncall.Roster;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Overrides, swaps and time off made at run time: stored with their author, listed with the config's own. */
final class OnCallChangeCommands {
    private OnCallChangeCommands() {
    }

    static String author(BaseCommand command, String by) {
        return by != null ? by : command.invocation().environment().getOrDefault("USER", "cli");
    }

    static void requirePerson(Catalog catalog, String option, String person) {
        if (catalog.team().person(person).isEmpty()) {
            throw new BadInputException(option + ": '" + person + "' is not a person in team.people"
                    + Suggestions.didYouMean(person, catalog.team().personIds()));
        }
    }

    static Role role(String text) {
        try {
            return Role.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--role: '" + text + "' is not a role; write primary or secondary");
        }
    }

    @Command(name = "override", mixinStandardHelpOptions = true,
            description = {"Puts a person in one role from one time to another, whatever the rotation says.",
                "The shortest override wins where two overlap. Refused for someone on time off."},
            subcommands = {OverrideCommand.ListOverrides.class, OverrideCommand.Remove.class})
    static final class OverrideCommand extends BaseCommand {
        @Option(names = "--role", paramLabel = "ROLE", description = "primary or secondary.")
        String role;
        @Option(names = "--person", paramLabel = "P", description = "Who takes the role.")
        String person;
        @Option(names = "--from", paramLabel = "T", description = "When it starts (2026-12-24T18:00 in the team's zone, or with an offset).")
        String from;
        @Option(names = "--to", paramLabel = "T", description = "When it ends (exclusive).")
        String to;
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the people who read the schedule.")
        String reason;
        @Option(names = "--by", paramLabel = "P", description = "Who makes the change (default: $USER).")
        String by;

        @Override
        public Integer call() {
            if (role == null || person == null || from == null || to == null) {
                throw new BadInputException("an override needs --role, --person, --from and --to "
                        + "(or use 'override list' / 'override remove ID')");
            }
            Catalog catalog = catalog();
            requirePerson(catalog, "--person", person);
            Role parsedRole = role(role);
            try (App app = app(catalog)) {
                Roster roster = app.roster();
                Instant start = Times.instant("--from", from, roster.zone());
                Instant end = Times.instant("--to", to, roster.zone());
                if (!end.isAfter(start)) {
                    throw new BadInputException("--to: '" + to + "' is not after --from ('" + from + "')");
                }
                long id = new OnCallChanges(app.onCallStore()).override(roster, parsedRole, person, start, end, reason,
                        author(this, by), now());
                out().println("override #" + id + ": " + person + " is " + parsedRole.text() + " from "
                        + Times.shown(start, roster.zone()) + " to " + Times.shown(end, roster.zone()));
            }
            return Cli.OK;
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Overrides from the configuration and the store.")
        static final class ListOverrides extends BaseCommand {
            @Option(names = "--json", description = "Print {overrides:[{id, role, person, start, end, reason, author, origin}]}.")
            boolean json;

            @Override
            public Integer call() {
                Catalog catalog = catalog();
                try (App app = app(catalog)) {
                    ZoneId zone = catalog.team().timezone();
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (RoleOverride o : catalog.oncall().overrides()) {
                        rows.add(row(null, o.role().text(), o.person(), o.from().atZone(zone).toInstant(),
                                o.to().atZone(zone).toInstant(), o.reason().orElse(""), "", "config"));
                    }
                    for (OnCallStore.StoredOverride o : app.onCallStore().load().overrides()) {
                        rows.add(row(o.id(), o.role().text(), o.person(), o.start(), o.end(), o.reason(), o.author(),
                                o.swapId().map(s -> "swap #" + s).orElse("store")));
                    }
                    if (json) {
                        printJson(Map.of("overrides", rows));
                        return Cli.OK;
                    }
                    Table table = new Table("id", "role", "person", "from", "to", "reason", "by", "origin");
                    rows.forEach(r -> table.row(r.get("id") == null ? "-" : r.get("id"), r.get("role"), r.get("person"),
                            Times.shown(Instant.parse((String) r.get("start")), zone), Times.shown(Instant.parse((String) r.get("end")), zone),
                            r.get("reason") == null ? "" : r.get("reason"), r.get("author"), r.get("origin")));
                    table.print(out());
                }
                return Cli.OK;
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true,
                description = "Removes a stored override (or both halves of a swap). Config entries are edited in the file.")
        static final class Remove extends BaseCommand {
            @Parameters(paramLabel = "ID", description = "The override's id, from 'override list'.")
            long id;

            @Override
            public Integer call() {
                try (App app = app(catalog())) {
                    if (!app.onCallStore().removeOverride(id)) {
                        throw new BadInputException("no stored override #" + id + "; see 'pipekeeper oncall override list'");
                    }
                    out().println("removed override #" + id);
                }
                return Cli.OK;
            }
        }
    }

    static Map<String, Object> row(Long id, String role, String person, Instant start, Instant end, String reason,
                                   String author, String origin) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("role", role);
        row.put("person", person);
        row.put("start", start.toString());
        row.put("end", end.toString());
        row.put("reason", reason);
        row.put("author", author);
        row.put("origin", origin);
        return row;
    }

    @Command(name = "swap", mixinStandardHelpOptions = true,
            description = {"Swaps whole shifts: P takes the role in turn N, and its holder takes P's nearest turn in the",
                "same role. Stored as two overrides, listed and removed together ('swap list', 'swap remove ID')."},
            subcommands = {SwapCommand.ListSwaps.class, OverrideCommand.Remove.class})
    static final class SwapCommand extends BaseCommand {
        @Option(names = "--shift", paramLabel = "N", description = "The turn's number, as 'oncall now' shows it.")
        Long shift;
        @Option(names = "--with", paramLabel = "P", description = "Who takes the turn.")
        String with;
        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "primary", description = "primary (default) or secondary.")
        String role;
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why.")
        String reason;
        @Option(names = "--by", paramLabel = "P", description = "Who makes the change (default: $USER).")
        String by;

        @Override
        public Integer call() {
            if (shift == null || with == null) {
                throw new BadInputException("a swap needs --shift N and --with P (or use 'swap list' / 'swap remove ID')");
            }
            Catalog catalog = catalog();
            requirePerson(catalog, "--with", with);
            if (shift < 0) {
                throw new BadInputException("--shift: " + shift + " is before the rotation's first turn (0)");
            }
            try (App app = app(catalog)) {
                Roster roster = app.roster();
                long id = new OnCallChanges(app.onCallStore()).swap(roster, shift, role(role), with, reason,
                        author(this, by), now());
                out().println("swap #" + id + ": " + with + " takes " + role + " in turn " + shift
                        + " (see 'pipekeeper oncall swap list')");
            }
            return Cli.OK;
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Stored swaps, each as its two overrides.")
        static final class ListSwaps extends BaseCommand {
            @Option(names = "--json", description = "Print {swaps:[{swap, id, role, person, start, end, reason, author}]}.")
            boolean json;

            @Override
            public Integer call() {
                Catalog catalog = catalog();
                try (App app = app(catalog)) {
                    ZoneId zone = catalog.team().timezone();
                    List<OnCallStore.StoredOverride> halves = app.onCallStore().load().overrides().stream()
                            .filter(o -> o.swapId().isPresent()).toList();
                    if (json) {
                        printJson(Map.of("swaps", halves.stream().map(o -> {
                            Map<String, Object> row = row(o.id(), o.role().text(), o.person(), o.start(), o.end(), o.reason(),
                                    o.author(), "swap #" + o.swapId().get());
                            row.put("swap", o.swapId().get());
                            return row;
                        }).toList()));
                        return Cli.OK;
                    }
                    Table table = new Table("swap", "id", "role", "person", "from", "to", "reason", "by");
                    halves.forEach(o -> table.row(o.swapId().get(), o.id(), o.role().text(), o.person(),
                            Times.shown(o.start(), zone), Times.shown(o.end(), zone), o.reason() == null ? "" : o.reason(), o.author()));
                    table.print(out());
                }
                return Cli.OK;
            }
        }
    }

    @Command(name = "time-off", mixinStandardHelpOptions = true,
            description = {"Time off: whole days on which a person is never on call. The other member of the pair and",
                "the least-loaded free person cover; a change that leaves a role empty is refused."},
            subcommands = {TimeOffCommand.Add.class, TimeOffCommand.ListTimeOff.class, TimeOffCommand.Remove.class})
    static final class TimeOffCommand extends BaseCommand {
        @Override
        public Integer call() {
            spec.commandLine().usage(out());
            return Cli.OK;
        }

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds time off, from one date to another (inclusive).")
        static final class Add extends BaseCommand {
            @Option(names = "--person", paramLabel = "P", required = true, description = "Who is away.")
            String person;
            @Option(names = "--from", paramLabel = "DATE", required = true, description = "First day away.")
            String from;
            @Option(names = "--to", paramLabel = "DATE", required = true, description = "Last day away (inclusive).")
            String to;
            @Option(names = "--reason", paramLabel = "TEXT", description = "Why (vacation, conference…).")
            String reason;
            @Option(names = "--by", paramLabel = "P", description = "Who records it (default: $USER).")
            String by;

            @Override
            public Integer call() {
                Catalog catalog = catalog();
                requirePerson(catalog, "--person", person);
                LocalDate first = Times.date("--from", from);
                LocalDate last = Times.date("--to", to);
                if (last.isBefore(first)) {
                    throw new BadInputException("--to: '" + last + "' is before --from ('" + first + "')");
                }
                try (App app = app(catalog)) {
                    long id = new OnCallChanges(app.onCallStore()).timeOff(app.roster(), person, first, last, reason,
                            author(this, by), now());
                    out().println("time off #" + id + ": " + person + " from " + first + " to " + last);
                }
                return Cli.OK;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Time off from the configuration and the store.")
        static final class ListTimeOff extends BaseCommand {
            @Option(names = "--json", description = "Print {time_off:[{id, person, from, to, reason, author, origin}]}.")
            boolean json;

            @Override
            public Integer call() {
                Catalog catalog = catalog();
                try (App app = app(catalog)) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (TimeOff off : catalog.oncall().timeOff()) {
                        rows.add(timeOffRow(null, off.person(), off.from(), off.to(), off.reason().orElse(""), "", "config"));
                    }
                    for (OnCallStore.StoredTimeOff off : app.onCallStore().load().timeOff()) {
                        rows.add(timeOffRow(off.id(), off.person(), off.firstDay(), off.lastDay(), off.reason(), off.author(), "store"));
                    }
                    if (json) {
                        printJson(Map.of("time_off", rows));
                        return Cli.OK;
                    }
                    Table table = new Table("id", "person", "from", "to", "reason", "by", "origin");
                    rows.forEach(r -> table.row(r.get("id") == null ? "-" : r.get("id"), r.get("person"), r.get("from"),
                            r.get("to"), r.get("reason") == null ? "" : r.get("reason"), r.get("author"), r.get("origin")));
                    table.print(out());
                }
                return Cli.OK;
            }

            private static Map<String, Object> timeOffRow(Long id, String person, LocalDate from, LocalDate to, String reason,
                                                          String author, String origin) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", id);
                row.put("person", person);
                row.put("from", from.toString());
                row.put("to", to.toString());
                row.put("reason", reason);
                row.put("author", author);
                row.put("origin", origin);
                return row;
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes stored time off by its id.")
        static final class Remove extends BaseCommand {
            @Parameters(paramLabel = "ID", description = "The id, from 'time-off list'.")
            long id;

            @Override
            public Integer call() {
                try (App app = app(catalog())) {
                    if (!app.onCallStore().removeTimeOff(id)) {
                        throw new BadInputException("no stored time off #" + id + "; see 'pipekeeper oncall time-off list'");
                    }
                    out().println("removed time off #" + id);
                }
                return Cli.OK;
            }
        }
    }
}
