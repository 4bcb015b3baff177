package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentJson;
import io.pipekeeper.incident.IncidentLoop;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.PendingSignal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Alerts from scripts, with the semantics of PagerDuty's Events v2: a key names one problem of one pipeline; raising
 * it again while its incident is open (acknowledged too) adds to that incident and pages nobody; resolving it resolves
 * that incident. A key raised again after its incident resolved opens a new one.
 */
@Command(name = "alert", mixinStandardHelpOptions = true, description = "Raises or resolves an alert from a script, by key, per pipeline.",
        subcommands = {AlertCommand.Raise.class, AlertCommand.Resolve.class})
final class AlertCommand extends BaseCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return Cli.OK;
    }

    /** The incidents loop's key of an alert raised by key on a pipeline. */
    static String incidentKey(String pipeline, String key) {
        return IncidentLoop.key(pipeline, Kind.ALERT.text(), check(key));
    }

    private static String check(String key) {
        return "key:" + key;
    }

    @Command(name = "raise", mixinStandardHelpOptions = true,
            description = "Opens an incident for the key, paging by the policy; while one is open for it, adds to it and pages nobody.")
    static final class Raise extends BaseCommand {
        @Option(names = "--pipeline", paramLabel = "P", required = true, description = "The pipeline it is about.")
        String pipeline;

        @Option(names = "--severity", paramLabel = "S", required = true, description = "One of the severities: critical, major, minor.")
        String severity;

        @Option(names = "--key", paramLabel = "K", required = true, description = "What names this problem; the same key on the same pipeline is the same incident.")
        String key;

        @Option(names = "--summary", paramLabel = "TEXT", required = true, description = "What is wrong.")
        String summary;

        @Option(names = "--json", description = "The incident as JSON, with \"deduplicated\".")
        boolean json;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            RunCommands.requirePipelines(catalog, List.of(pipeline));
            IncidentCommands.severity(catalog, severity);
            if (key.isBlank()) {
                throw new BadInputException("--key: must not be empty; name the problem, as 'ingest-lag'");
            }
            try (App app = app(catalog)) {
                Instant now = now();
                app.incidentLoop().runOnce(now); // signals raised before this one first, as a running scheduler would
                boolean open = app.incidentStore().findOpen(incidentKey(pipeline, key)).isPresent();
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("check", check(key));
                evidence.put("severity", severity);
                evidence.put("dedup_key", key);
                evidence.put("source", "cli");
                app.signalStore().raise(new PendingSignal(Kind.ALERT, pipeline, null, summary, evidence), now);
                app.incidentLoop().runOnce(now);
                app.deliveryLoop().runOnce(now);
                Incident incident = app.incidentStore().findOpen(incidentKey(pipeline, key)).orElseThrow();
                audit(app, invocation().environment().getOrDefault("USER", "cli"), "alert", "incident #" + incident.id(), key);
                if (json) {
                    Map<String, Object> body = new LinkedHashMap<>(IncidentJson.of(incident, app.incidentStore(), new Outbox(app.store().jdbi())));
                    body.put("deduplicated", open);
                    printJson(body);
                } else if (open) {
                    out().println("incident #" + incident.id() + " is already open for " + key + " on " + pipeline + " ["
                            + incident.status().text() + "]: added to it, nobody paged");
                } else {
                    List<String> paged = new Outbox(app.store().jdbi()).paged(incident.id());
                    out().println("incident #" + incident.id() + " opened [" + incident.severity() + "] for " + key + " on " + pipeline
                            + (paged.isEmpty() ? "" : "; paged " + String.join(", ", paged)));
                }
            }
            return Cli.OK;
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true, description = "Resolves the open incident of the key; with none open, does nothing.")
    static final class Resolve extends BaseCommand {
        @Option(names = "--pipeline", paramLabel = "P", required = true, description = "The pipeline it is about.")
        String pipeline;

        @Option(names = "--key", paramLabel = "K", required = true, description = "The key it was raised with.")
        String key;

        @Option(names = "--by", paramLabel = "WHO", description = "Who or what resolves it (default: alert).")
        String by = "alert";

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            RunCommands.requirePipelines(catalog, List.of(pipeline));
            try (App app = app(catalog)) {
                Instant now = now();
                app.incidentLoop().runOnce(now);
                Optional<Incident> open = app.incidentStore().findOpen(incidentKey(pipeline, key));
                if (open.isEmpty()) {
                    out().println("no open incident for " + key + " on " + pipeline + "; nothing to resolve");
                    return Cli.OK;
                }
                app.incidentActions().resolve(open.get().id(), by, "resolved by its alert's key (" + key + ")", now);
                audit(app, by, "resolve", "incident #" + open.get().id(), key);
                app.deliveryLoop().runOnce(now);
                out().println("incident #" + open.get().id() + " resolved");
            }
            return Cli.OK;
        }
    }
}
