package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Suggestions;
import io.pipekeeper.incident.Impact;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentJson;
import io.pipekeeper.notify.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Incidents from the command line: the list, one with its timeline, and what responders do to them. */
final class IncidentCommands {
    private IncidentCommands() {
    }

    static String person(Catalog catalog, String by) {
        return person(catalog, "--by", by);
    }

    /** The id given to {@code option}, when it names a person of the team; else a bad-input error with a suggestion. */
    static String person(Catalog catalog, String option, String id) {
        if (catalog.team().person(id).isEmpty()) {
            throw new BadInputException(option + ": '" + id + "' is not a person in team.people" + Suggestions.didYouMean(id, catalog.team().personIds()));
        }
        return id;
    }

    static String severity(Catalog catalog, String severity) {
        if (!catalog.severities().containsKey(severity)) {
            throw new BadInputException("'" + severity + "' is not a severity; the severities are "
                    + String.join(", ", catalog.severities().keySet()));
        }
        return severity;
    }

    @Command(name = "incidents", mixinStandardHelpOptions = true, description = "Open incidents (or all), with their SLA clocks.")
    static final class ListIncidents extends BaseCommand {
        @Option(names = "--status", defaultValue = "open", description = "open (default) or all.")
        String status;

        @Option(names = "--json", description = "Print {incidents:[{id, key, title, severity, status, subject, opened_at, respond_by, resolve_by, …}]}.")
        boolean json;

        @Override
        public Integer call() {
            if (!status.equals("open") && !status.equals("all")) {
                throw new BadInputException("--status: '" + status + "' is not open or all");
            }
            Catalog catalog = catalog();
            try (App app = app(catalog)) {
                app.incidentLoop().runOnce(now());
                List<Incident> incidents = app.incidentStore().list(status.equals("open"));
                if (json) {
                    Outbox outbox = new Outbox(app.store().jdbi());
                    printJson(Map.of("incidents", incidents.stream().map(incident -> IncidentJson.of(incident, app.incidentStore(), outbox)).toList()));
                    return Cli.OK;
                }
                Table table = new Table("id", "severity", "status", "subject", "respond by", "resolve by", "count", "title");
                incidents.forEach(i -> table.row(i.id(), i.severity(), i.status().text(), i.subject(),
                        Times.shown(i.respondBy(), catalog.team().timezone()), Times.shown(i.resolveBy(), catalog.team().timezone()),
                        i.count(), i.title().length() > 80 ? i.title().substring(0, 79) + "…" : i.title()));
                table.print(out());
            }
            return Cli.OK;
        }
    }

    @Command(name = "incident", mixinStandardHelpOptions = true, description = "One incident: show it, acknowledge, resolve, escalate, change its severity, or open one.",
            subcommands = {Show.class, Ack.class, Resolve.class, Escalate.class, Snooze.class, Severity.class, Open.class, Merge.class,
                    Split.class, PostmortemCommand.class, FeedbackCommand.class})
    static final class IncidentCommand extends BaseCommand {
        @Override
        public Integer call() {
            spec.commandLine().usage(out());
            return Cli.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "An incident with its timeline.")
    static final class Show extends BaseCommand {
        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--json", description = "Print the incident, {timeline:[{at, kind, actor, text}]} and {pages:[{step, person, channel, address, status, attempts}]}.")
        boolean json;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            try (App app = app(catalog)) {
                Incident incident = app.incidentStore().find(id).orElseThrow(() -> new BadInputException("no incident #" + id
                        + "; see 'pipekeeper incidents --status all'"));
                List<Incident.Event> timeline = app.incidentStore().timeline(id);
                if (json) {
                    Map<String, Object> result = IncidentJson.withDetails(incident, app.incidentStore(), new Outbox(app.store().jdbi()));
                    printJson(result);
                    return Cli.OK;
                }
                var zone = catalog.team().timezone();
                out().println("incident #" + incident.id() + " [" + incident.severity().toUpperCase() + "] " + incident.status().text());
                out().println("  " + incident.title());
                out().println("  respond by " + Times.shown(incident.respondBy(), zone) + ", resolve by " + Times.shown(incident.resolveBy(), zone));
                out().println("  blast radius: " + incident.blastRadius());
                incident.mergedInto().ifPresent(into -> out().println("  merged into #" + into));
                List<Impact> impacts = app.incidentStore().impacts(id);
                if (!impacts.isEmpty()) {
                    out().println("  impacts (" + impacts.size() + "), caused by this incident's problem, paging nobody of their own:");
                    impacts.forEach(impact -> out().println("    " + impact.shown() + (impact.count() > 1 ? " ×" + impact.count() : "")
                            + " [" + impact.severity() + "]" + impact.recoveredAt().map(at -> " — recovered " + Times.shown(at, zone)).orElse("")));
                }
                timeline.forEach(e -> out().println("  " + Times.shown(e.at(), zone) + "  " + e.kind() + "  " + e.text()));
                List<Outbox.Page> messages = new Outbox(app.store().jdbi()).of(id);
                if (!messages.isEmpty()) {
                    out().println("  messages (" + messages.size() + "):");
                    Table table = new Table("queued", "what", "to", "by", "status", "reason");
                    messages.forEach(m -> table.row(Times.shown(m.createdAt(), zone), m.shown(), m.person(), m.via().text(),
                            m.late().orElse(m.shownStatus()) + (m.attempts() > 1 ? " (" + m.attempts() + " attempts)" : ""),
                            m.status().equals("failed") ? m.settled().reason().orElse("") : ""));
                    table.print(out(), "    ");
                }
            }
            return Cli.OK;
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledges an incident: its respond clock stops.")
    static final class Ack extends BaseCommand {
        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--by", paramLabel = "P", required = true, description = "Who acknowledges.")
        String by;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            try (App app = app(catalog)) {
                Incident incident = app.incidentActions().acknowledge(id, person(catalog, by), now());
                audit(app, by, "acknowledge", "incident #" + id, null);
                out().println("incident #" + incident.id() + " acknowledged by " + by);
            }
            return Cli.OK;
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true, description = "Resolves an incident.")
    static final class Resolve extends BaseCommand {
        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--by", paramLabel = "P", required = true, description = "Who resolves.")
        String by;

        @Option(names = "--note", paramLabel = "TEXT", description = "What was done.")
        String note;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            try (App app = app(catalog)) {
                Incident incident = app.incidentActions().resolve(id, person(catalog, by), note, now());
                audit(app, by, "resolve", "incident #" + id, note);
                out().println("incident #" + incident.id() + " resolved by " + by);
            }
            return Cli.OK;
        }
    }

    @Command(name = "escalate", mixinStandardHelpOptions = true,
            description = "Pages an incident's next escalation step now; an acknowledged incident is triggered again.")
    static final class Escalate extends BaseCommand {
        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--by", paramLabel = "P", required = true, description = "Who escalates.")
        String by;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            try (App app = app(catalog)) {
                Instant now = now();
                Incident incident = app.incidentActions().escalate(id, person(catalog, by), now);
                audit(app, by, "escalate", "incident #" + id, null);
                app.deliveryLoop().runOnce(now);
                String step = app.incidentStore().timeline(id).stream().filter(e -> e.kind().equals("escalation")).reduce((a, b) -> b)
                        .map(Incident.Event::text).orElse("");
                out().println("incident #" + incident.id() + " escalated by " + by + ": " + step);
            }
            return Cli.OK;
        }
    }

    @Command(name = "snooze", mixinStandardHelpOptions = true,
            description = "Acknowledges an incident for a while: when it runs out, the incident is triggered again and pages anew, unless resolved.")
    static final class Snooze extends BaseCommand {
        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--for", paramLabel = "DURATION", required = true, description = "How long: 30m, 2h, 1d.")
        String length;

        @Option(names = "--by", paramLabel = "P", required = true, description = "Who snoozes it.")
        String by;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            java.time.Duration duration = durationOption("--for", length);
            try (App app = app(catalog)) {
                Incident incident = app.incidentActions().snooze(id, duration, person(catalog, by), now());
                audit(app, by, "snooze", "incident #" + id, length);
                out().println("incident #" + incident.id() + " snoozed by " + by + " for " + length + "; it pages again then unless resolved");
            }
            return Cli.OK;
        }
    }

    @Command(name = "severity", mixinStandardHelpOptions = true, description = "Changes an incident's severity; the SLA clocks move, from when it opened.")
    static final class Severity extends BaseCommand {
        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Parameters(index = "1", paramLabel = "SEVERITY")
        String severity;

        @Option(names = "--by", paramLabel = "P", required = true, description = "Who changes it.")
        String by;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why.")
        String reason;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            try (App app = app(catalog)) {
                Incident incident = app.incidentActions().changeSeverity(id, severity(catalog, severity), person(catalog, by), reason,
                        now());
                audit(app, by, "severity", "incident #" + id, severity + (reason == null ? "" : ": " + reason));
                out().println("incident #" + incident.id() + " is " + incident.severity() + "; respond by "
                        + Times.shown(incident.respondBy(), catalog.team().timezone()));
            }
            return Cli.OK;
        }
    }

    @Command(name = "open", mixinStandardHelpOptions = true, description = "Opens an incident by hand.")
    static final class Open extends BaseCommand {
        @Option(names = "--title", required = true, description = "What is wrong.")
        String title;

        @Option(names = "--severity", required = true, description = "critical, major or minor.")
        String severity;

        @Option(names = "--pipeline", paramLabel = "P", description = "The pipeline it is about.")
        String pipeline;

        @Option(names = "--by", paramLabel = "P", defaultValue = "", description = "Who opens it (default: $USER).")
        String by;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            if (pipeline != null) {
                RunCommands.requirePipelines(catalog, List.of(pipeline));
            }
            String author = by.isEmpty() ? invocation().environment().getOrDefault("USER", "cli") : by;
            try (App app = app(catalog)) {
                Incident incident = app.incidentActions().open(title, severity(catalog, severity), pipeline == null ? "team" : pipeline,
                        author, now());
                audit(app, author, "open", "incident #" + incident.id(), title);
                app.deliveryLoop().runOnce(now());
                List<String> paged = new Outbox(app.store().jdbi()).paged(incident.id());
                out().println("incident #" + incident.id() + " opened [" + incident.severity() + "]"
                        + (paged.isEmpty() ? "" : "; paged " + String.join(", ", paged)));
            }
            return Cli.OK;
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Merges incident B into A (the same cause): B's problem and impacts become A's impacts, B is resolved and stops paging.")
    static final class Merge extends BaseCommand {
        @Parameters(index = "0", paramLabel = "A", description = "The incident that stays.")
        long survivor;

        @Parameters(index = "1", paramLabel = "B", description = "The incident merged into A.")
        long absorbed;

        @Option(names = "--by", paramLabel = "P", required = true, description = "Who merges them.")
        String by;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            try (App app = app(catalog)) {
                Incident merged = app.incidentActions().merge(survivor, absorbed, person(catalog, by), now());
                audit(app, by, "merge", "incident #" + survivor, "#" + absorbed + " merged in");
                out().println("incident #" + absorbed + " merged into #" + merged.id() + " [" + merged.severity() + "]; "
                        + app.incidentStore().impacts(merged.id()).size() + " impact(s)");
            }
            return Cli.OK;
        }
    }

    @Command(name = "split", mixinStandardHelpOptions = true,
            description = "Splits the impacts on one subject out of an incident into an incident of their own, which pages as a new one does.")
    static final class Split extends BaseCommand {
        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--subject", paramLabel = "X", required = true, description = "The pipeline or source whose impacts have a cause of their own.")
        String subject;

        @Option(names = "--by", paramLabel = "P", required = true, description = "Who splits it.")
        String by;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            try (App app = app(catalog)) {
                Incident split = app.incidentActions().split(id, subject, person(catalog, by), now());
                audit(app, by, "split", "incident #" + id, subject + " into #" + split.id());
                out().println(subject + " split out of #" + id + " into #" + split.id() + " [" + split.severity() + "]");
            }
            return Cli.OK;
        }
    }
}
