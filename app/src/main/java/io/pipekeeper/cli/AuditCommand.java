package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.access.AuditJson;
import io.pipekeeper.access.AuditLog;
import io.pipekeeper.oncall.Roster;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Who did what, when, from where: every change, every read of metric values, every denied request.")
final class AuditCommand extends BaseCommand {
    static final int DEFAULT_DAYS = 7;

    @Option(names = "--from", paramLabel = "DATE", description = "First day (default: 6 days before --to).")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last day, inclusive (default: today).")
    String to;

    @Option(names = "--json", description = "Print {entries:[{at, actor, action, target, address, outcome, detail}]}.")
    boolean json;

    @Override
    public Integer call() {
        try (App app = app(catalog())) {
            ZoneId zone = app.catalog().team().timezone();
            LocalDate[] days = DateRange.resolveBack(from, to, today(zone), DEFAULT_DAYS);
            List<AuditLog.Entry> entries = new AuditLog(app.store().jdbi()).between(Roster.startOfDay(days[0], zone),
                    Roster.startOfDay(days[1].plusDays(1), zone));
            if (json) {
                printJson(Map.of("entries", entries.stream().map(AuditJson::of).toList()));
                return Cli.OK;
            }
            Table table = new Table("at", "actor", "action", "target", "from", "outcome", "detail");
            entries.forEach(e -> table.row(Times.shown(e.at(), zone), e.actor(), e.action(), e.target(), e.address(), e.outcome(),
                    e.detail().orElse("")));
            table.print(out());
        }
        return Cli.OK;
    }
}
