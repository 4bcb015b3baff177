package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.incident.SlaReport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pipekeeper sla report}: how well the SLAs were kept. */
@Command(name = "sla", mixinStandardHelpOptions = true, description = "How well the team kept its SLAs.", subcommands = SlaCommand.Report.class)
final class SlaCommand extends BaseCommand {
    private static final int DEFAULT_DAYS = 30;

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return Cli.OK;
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "MTTA, MTTR and the share within SLA, by severity, subject and responder, over the incidents opened in a range of days.")
    static final class Report extends BaseCommand {
        @Option(names = "--from", paramLabel = "DATE", description = "First day the incidents opened (default: 29 days before --to).")
        String from;

        @Option(names = "--to", paramLabel = "DATE", description = "Last day, inclusive (default: today).")
        String to;

        @Option(names = "--json", description = "Print {from, to, overall, by_severity, by_subject, by_responder}, durations in seconds.")
        boolean json;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            ZoneId zone = catalog.team().timezone();
            LocalDate[] days = DateRange.resolveBack(from, to, today(zone), DEFAULT_DAYS);
            LocalDate first = days[0];
            LocalDate last = days[1];
            SlaReport report;
            try (App app = app(catalog)) {
                Instant now = now();
                app.incidentLoop().runOnce(now);
                report = SlaReport.of(app.incidentStore().list(false), first, last, zone, now);
            }
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("from", first.toString());
                result.put("to", last.toString());
                result.put("overall", json(report.overall()));
                result.put("by_severity", report.bySeverity().stream().map(Report::json).toList());
                result.put("by_subject", report.bySubject().stream().map(Report::json).toList());
                result.put("by_responder", report.byResponder().stream().map(Report::json).toList());
                printJson(result);
                return Cli.OK;
            }
            out().println("SLA report, incidents opened " + first + " to " + last + ": " + report.overall().incidents() + " incident(s)");
            List<SlaReport.Group> bySeverityThenAll = new ArrayList<>(report.bySeverity());
            bySeverityThenAll.add(report.overall());
            print("severity", bySeverityThenAll);
            print("subject", report.bySubject());
            print("responder", report.byResponder());
            return Cli.OK;
        }

        private void print(String heading, List<SlaReport.Group> groups) {
            if (groups.isEmpty()) {
                return;
            }
            out().println();
            Table table = new Table(heading, "incidents", "MTTA", "MTTR", "responded in SLA", "resolved in SLA", "breaches");
            for (SlaReport.Group group : groups) {
                table.row(group.name(), group.incidents(), group.mtta().map(Report::shown).orElse("-"), group.mttr().map(Report::shown).orElse("-"),
                        percent(group.respondShare()), percent(group.resolveShare()), group.breaches());
            }
            table.print(out());
        }

        private static Map<String, Object> json(SlaReport.Group group) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", group.name());
            json.put("incidents", group.incidents());
            json.put("mtta_seconds", group.mtta().map(Duration::toSeconds).orElse(null));
            json.put("mttr_seconds", group.mttr().map(Duration::toSeconds).orElse(null));
            json.put("respond_within_sla", group.respondShare().isPresent() ? group.respondShare().getAsDouble() : null);
            json.put("resolve_within_sla", group.resolveShare().isPresent() ? group.resolveShare().getAsDouble() : null);
            json.put("breaches", group.breaches());
            return json;
        }

        private static String percent(OptionalDouble share) {
            return share.isPresent() ? Math.round(share.getAsDouble() * 100) + " %" : "-";
        }

        private static String shown(Duration duration) {
            long minutes = duration.toMinutes();
            return minutes < 60 ? minutes + " min" : minutes / 60 + " h " + minutes % 60 + " min";
        }
    }
}
