package io.pipekeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.oncall.Assignment;
import io.pipekeeper.oncall.CalendarFeed;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.oncall.Shift;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.pipekeeper.config.EmailSettings;
import io.pipekeeper.access.Role;
import io.pipekeeper.access.Sessions;
import io.pipekeeper.incident.EscalationTimers;
import io.pipekeeper.incident.PagingLoop;
import io.pipekeeper.web.WebServer;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.NoiseReport;
import io.pipekeeper.pipeline.PipelineSchedule;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.ZoneId;
import java.util.Optional;
import io.pipekeeper.owners.OwnershipPlanner;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.signal.Signal;
import io.pipekeeper.sample.Fault;
import io.pipekeeper.sample.SampleData;
import io.pipekeeper.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.Iterator;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Shows pipekeeper at work on the seed's team (four people, five metric pipelines), with no setup.",
            "Writes the team's pipekeeper.yaml into DIR, validates it, shows the owners and a fair proposal,",
            "who is on call and the next hand-offs, then generates a month of sample data with three faults and runs the",
            "five pipelines over it, opens one incident per cause and pages it by email to an in-process SMTP server (never a",
            "real person; other channels are off), lets the missing file arrive and shows pipekeeper recover on its own, then",
            "serves the dashboard on a free port with a one-time login, until Ctrl-C.",
            "With -c FILE it uses that file instead."})
final class DemoCommand extends BaseCommand {
    private static final String SEED_FOLDER = "/io/pipekeeper/demo/seed/";

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo",
            description = "Where the demo writes its files (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--no-serve", description = "Print the story and stop, without starting the server (for scripts).")
    boolean noServe;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "The server's port (default: any free port).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        PipekeeperCommand top = (PipekeeperCommand) spec.root().userObject();
        Path file = top.config().isPresent() ? configFile() : writeSeed(invocation().workingDir().resolve(dir));
        GreenMail mailServer = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mailServer.start();
        try {
            return show(file, mailServer);
        } finally {
            mailServer.stop();
        }
    }

    private int show(Path file, GreenMail mailServer) throws InterruptedException {
        PrintWriter out = out();
        Catalog catalog = loader().load(file, shown(file)).withOnlyEmail(new EmailSettings("127.0.0.1",
                mailServer.getSmtp().getPort(), "none", Optional.empty(), Optional.empty(), "pipekeeper demo <pipekeeper@localhost>"));

        out.println("pipekeeper demo: team \"" + catalog.team().name() + "\" (" + catalog.team().timezone() + "), "
                + catalog.people().size() + " people, " + catalog.pipelines().size() + " pipelines");
        out.println("configuration " + shown(file) + " is valid (pipekeeper -c " + shown(file) + " validate)");
        out.println();
        out.println("Who owns what (pipekeeper owners):");
        try (App app = app(catalog)) {
            OwnersCommand.print(app.owners(), out);
            out.println();
            out.println("A fair proposal from skills and load (pipekeeper owners suggest):");
            OwnershipPlanner.Suggestion suggestion = app.suggestOwners();
            suggestion.picks().forEach(p -> out.println("  " + p.pipeline() + ": " + p.primary() + "/" + p.secondary()
                    + " — " + p.reason()));
            out.println();
            printOnCall(app.roster(), app.now(), out);
            out.println();
            runAMonth(app, out);
            out.println();
            printPages(app, mailServer, out);
            out.println();
            recover(app, mailServer, out);
            out.println();
            afterwards(app, file.getParent(), out);
            out.println();
            Path runbooks = file.getParent().resolve("runbooks");
            for (String pipeline : app.catalog().pipelines().keySet()) {
                RunbookCommand.write(runbooks, pipeline + ".md", app.runbooks().markdown(pipeline, now()));
            }
            out.println("Runbooks, one per pipeline, in " + shown(runbooks) + "/ (pipekeeper runbook [PIPELINE] [--format html])");
            out.println();
            Store.Status status = app.store().status();
            out.println("State store: " + status.database() + ", schema version " + status.schemaVersion()
                    + " (pipekeeper -c " + shown(file) + " store)");
            out.println();
            out.println("Next: edit " + shown(file) + " (pipekeeper schema gives your editor completion), then run");
            out.println("  ./pipekeeper -c " + shown(file) + " validate");
            out.println("Rehearse paging before it counts: examples/paging-drill/ is a team for drills on the drill clock (docs/paging.md, Drills).");
            out.println("A pipeline that outgrows one machine moves to Spark by one line, with the same SQL and checks: add");
            out.println("  engine: spark  to aggregate_profit in " + shown(file) + ", then (docs/scaling.md)");
            out.println("  PIPEKEEPER_SPARK=1 ./pipekeeper -c " + shown(file) + " run aggregate_profit --date "
                    + lastDay(catalog).minusDays(3));
            if (!noServe) {
                serve(app, out);
            }
        }
        return Cli.OK;
    }

    /** The dashboard and API on a free port, with the paging loop (through the demo's SMTP server), until Ctrl-C. */
    private void serve(App app, PrintWriter out) throws InterruptedException {
        PagingLoop paging = new PagingLoop(app.incidentLoop(), app.deliveryLoop(), app.clock()).start(PagingLoop.DEFAULT_EVERY);
        WebServer server = WebServer.start(app, "127.0.0.1", port, paging::lastPass, app.clock());
        String person = app.catalog().people().get(0).id();
        String link = new Sessions(app.store().jdbi()).loginLink(person, Role.ADMIN, List.of("investors"), now());
        out.println();
        out.println("The dashboard: http://127.0.0.1:" + server.port() + "/");
        out.println("  log in once with http://127.0.0.1:" + server.port() + "/login/" + link + " (as " + person + ", admin; 15 minutes)");
        out.println("  look at the open incidents, open one, acknowledge it, and watch its timeline; then On call for the month");
        out.println("  for machines: /ready, /metrics and /openapi.json (with a token: pipekeeper token create --name prometheus --role viewer)");
        out.println("  running it for a team, on a server: ./mvnw -B package makes the release tarball (docs/operations.md)");
        out.println("  Ctrl-C stops the server.");
        out.flush();
        UntilStopped.await(server, paging, app);
    }

    /**
     * The last day of the demo's month: the latest whose partitions are due by now (the sources' latest arrives_by,
     * the next morning), so that the story reads the same at any hour. Yesterday's, run before then, arrived hours
     * early and the arrival check rightly called it an anomaly.
     */
    private static LocalDate lastDay(Catalog catalog) {
        java.time.LocalTime due = catalog.sources().values().stream().map(source -> source.arrivesBy().orElse(java.time.LocalTime.MIDNIGHT))
                .max(Comparator.naturalOrder()).orElse(java.time.LocalTime.MIDNIGHT);
        return java.time.LocalDateTime.now(catalog.team().timezone()).minusHours(due.getHour()).minusMinutes(due.getMinute())
                .toLocalDate().minusDays(1);
    }

    /** A month of demo-size data with two faults on the last days, run through the five pipelines. */
    private void runAMonth(App app, PrintWriter out) {
        LocalDate last = lastDay(app.catalog());
        LocalDate first = last.minusDays(29);
        List<Fault> faults = List.of(Fault.parse("null_spike:orders.user_id@" + last.minusDays(2)),
                Fault.parse("schema_change:orders@" + last.minusDays(1)), Fault.parse("missing_partition:orders@" + last));
        out.println("A month of sample data, " + first + " to " + last + " (pipekeeper data generate --scale 0.01),"
                + " with three faults on the last days:");
        SampleData.Summary summary = app.sampleData().generate(new SampleData.Options(first, last, 0.01, 1, faults), day -> { });
        out.println(String.format(Locale.ROOT, "  %,d rows in %.1f s; faults: %s", summary.rows(), summary.wall().toMillis() / 1000.0,
                faults.stream().map(Fault::toString).toList()));
        app.runStore().closeInterrupted(now());
        out.println("The five pipelines on every day (pipekeeper backfill / run):");
        Progress progress = Progress.of(invocation(), 30);
        List<Run> runs = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            runs.addAll(app.pipelineRunner().run(List.of(), day));
            progress.step(day.toString());
        }
        progress.done();
        Map<Run.Status, Long> counts = new TreeMap<>();
        runs.forEach(run -> counts.merge(run.status(), 1L, Long::sum));
        out.println("  " + runs.size() + " runs: " + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().text()).collect(Collectors.joining(", ")));
        List<Run> troubled = runs.stream().filter(run -> run.status() != Run.Status.SUCCEEDED).toList();
        if (!troubled.isEmpty()) {
            out.println("  What went wrong (each is a signal for the on-call engineer; pipekeeper runs --from " + last.minusDays(2) + "):");
            RunCommands.printTable(troubled, out);
        }
        List<Signal> fromChecks = app.signalStore().all().stream()
                .filter(signal -> !signal.kind().aboutARun() && signal.date().filter(d -> !d.isBefore(last.minusDays(2))).isPresent())
                .toList();
        if (!fromChecks.isEmpty()) {
            out.println("  What the checks caught (pipekeeper check orders --date " + last.minusDays(2) + "):");
            Table table = new Table("date", "kind", "detail");
            fromChecks.forEach(signal -> table.row(signal.date().map(Object::toString).orElse(""), signal.kind().text(),
                    signal.detail().length() > 110 ? signal.detail().substring(0, 109) + "…" : signal.detail()));
            table.print(out);
        }
        app.incidentLoop().runOnce(now());
        List<Incident> incidents = app.incidentStore().list(true);
        out.println("  Open incidents, one per cause, with their SLA clocks (pipekeeper incidents); what a cause held back downstream is");
        out.println("  listed on its incident as an impact and pages nobody (pipekeeper incident show ID):");
        Table table = new Table("id", "severity", "respond by", "impacts", "title");
        incidents.forEach(incident -> table.row(incident.id(), incident.severity(),
                Times.shown(incident.respondBy(), app.catalog().team().timezone()), app.incidentStore().impacts(incident.id()).size(),
                incident.title().length() > 80 ? incident.title().substring(0, 79) + "…" : incident.title()));
        table.print(out);
    }

    /** The pages the month's incidents caused, as an in-process SMTP server received them, and the escalation steps still waiting. */
    private static void printPages(App app, GreenMail mailServer, PrintWriter out) {
        app.deliveryLoop().runOnce(app.now());
        MimeMessage[] received = mailServer.getReceivedMessages();
        out.println("Pages sent (email to an in-process SMTP server standing in for yours; phone, Slack and webhooks are off in the demo;");
        out.println("  pages to one person that fall due together go as one message):");
        Table pages = new Table("to", "by", "subject");
        for (MimeMessage message : received) {
            try {
                pages.row(message.getAllRecipients()[0].toString(), "email", message.getSubject());
            } catch (MessagingException e) {
                pages.row("?", "email", "unreadable message: " + e.getMessage());
            }
        }
        if (received.length == 0) {
            out.println("  none: every incident was paged before, by an earlier run of the demo (pipekeeper incident show ID)");
        } else {
            pages.print(out);
        }
        ZoneId zone = app.catalog().team().timezone();
        List<String> waiting = EscalationTimers.waiting(app.store().jdbi()).stream()
                .map(timer -> "#" + timer.incidentId() + " step " + (timer.step() + 1) + " at " + Times.shown(timer.at(), zone))
                .toList();
        out.println("If nobody acknowledges, 'pipekeeper scheduler' escalates: " + waiting.size() + " step(s) waiting"
                + (waiting.isEmpty() ? "" : ", first " + String.join("; ", waiting.subList(0, Math.min(3, waiting.size())))));
        out.println("  acknowledge to stop them: pipekeeper -c … incident ack ID --by YOU (or snooze: incident snooze ID --for 1h --by YOU);");
        out.println("  every message of an incident and what became of it: pipekeeper -c … incident show ID");
    }

    /**
     * The last day's missing orders arrive: the recovery loop (every 15 s in 'pipekeeper scheduler') sees the new
     * partition, re-runs what it held back, and the incident resolves itself and tells whom it paged. Then the
     * month's noise in one line.
     */
    private static void recover(App app, GreenMail mailServer, PrintWriter out) {
        LocalDate last = lastDay(app.catalog());
        LocalDate first = last.minusDays(29);
        List<Incident> before = app.incidentStore().list(true);
        out.println("The missing orders for " + last + " arrive (as a late file would; pipekeeper data generate --from " + last + " --to " + last
                + "):");
        Map<Path, java.nio.file.attribute.FileTime> untouched = modifiedTimes(app.catalog().storage().raw());
        app.sampleData().generate(new SampleData.Options(last, last, 0.01, 1, List.of()), day -> { });
        // The generator writes every source again; only the orders are new, the others keep the times they had.
        Path orders = app.catalog().storage().raw().resolve("orders").resolve("date=" + last);
        Instant arrived = app.now();
        untouched.forEach((file, time) -> setModified(file, time));
        modifiedTimes(orders).keySet().forEach(file -> setModified(file, java.nio.file.attribute.FileTime.from(arrived)));
        // The scheduler's recovery pass once the file has settled (it waits for a file to be quiet for a few seconds).
        app.recoveryLoop().runOnce(arrived.plus(PipelineSchedule.QUIET));
        app.incidentLoop().runOnce(app.now());
        int mailsBefore = mailServer.getReceivedMessages().length;
        app.deliveryLoop().runOnce(app.now());
        for (Incident incident : before) {
            Incident now = app.incidentStore().find(incident.id()).orElseThrow();
            if (!now.open()) {
                app.incidentStore().timeline(now.id()).stream().filter(e -> e.kind().equals("recovery")).reduce((a, b) -> b)
                        .ifPresent(e -> out.println("  #" + now.id() + " resolved on its own: " + e.text()));
            }
        }
        int told = mailServer.getReceivedMessages().length - mailsBefore;
        out.println("  " + told + " recovery notice(s) sent to whoever was paged; the timeline: pipekeeper incident show ID");
        NoiseReport noise = NoiseReport.load(app.store().jdbi(), first, LocalDate.ofInstant(app.now(), app.catalog().team().timezone()), app.catalog().team().timezone());
        out.println("The month's noise (pipekeeper report noise --from " + first + "): " + noise.headline());
    }

    /** What investors see now, and the postmortem pipekeeper drafts for an incident of the month (written to postmortems/). */
    private void afterwards(App app, Path folder, PrintWriter out) {
        out.println("What investors see (pipekeeper status investors; /status/investors on the dashboard):");
        StatusCommand.print(app.statusPages().report("investors", app.now()), app.catalog().team().timezone(), out);
        // A resolved incident's postmortem reads best: the one that recovered on its own, else the month's first.
        List<Incident> all = app.incidentStore().list(false);
        Optional<Incident> first = all.stream().filter(i -> !i.open()).min(java.util.Comparator.comparing(Incident::id))
                .or(() -> all.stream().min(java.util.Comparator.comparing(Incident::id)));
        if (first.isEmpty()) {
            return;
        }
        long id = first.get().id();
        String draft = app.postmortems().current(id, app.now());
        Path written = folder.resolve("postmortems").resolve(id + ".md");
        RunbookCommand.write(written.getParent(), id + ".md", draft);
        out.println();
        out.println("A postmortem drafted for #" + id + ", in " + shown(written) + " (pipekeeper incident postmortem " + id
                + "; save it with --save --by YOU, edit it on the dashboard):");
        draft.lines().dropWhile(line -> !line.startsWith("## Summary")).skip(2).takeWhile(line -> !line.isEmpty())
                .forEach(line -> out.println("  " + line));
        draft.lines().dropWhile(line -> !line.startsWith("## Response against the SLA")).skip(2).takeWhile(line -> !line.isEmpty())
                .forEach(line -> out.println("  " + line));
        out.println("  … then the impact, the timeline, who was paged and helped, the runs and checks, and headings for the causes and actions.");
    }

    private static Map<Path, java.nio.file.attribute.FileTime> modifiedTimes(Path folder) {
        try (var files = Files.walk(folder)) {
            Map<Path, java.nio.file.attribute.FileTime> times = new java.util.HashMap<>();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                times.put(file, Files.getLastModifiedTime(file));
            }
            return times;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the files in " + folder, e);
        }
    }

    private static void setModified(Path file, java.nio.file.attribute.FileTime time) {
        try {
            if (Files.exists(file)) {
                Files.setLastModifiedTime(file, time);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the time of " + file, e);
        }
    }

    private static void printOnCall(Roster roster, Instant now, PrintWriter out) {
        out.println("On call now (pipekeeper oncall now):");
        Assignment assignment = roster.schedule().at(now);
        if (assignment.primary().isEmpty()) {
            out.println("  nobody yet: the rotation starts " + Times.shown(roster.schedule().rotation().start(), roster.zone()));
        } else {
            out.println("  primary " + assignment.primary().get() + ", secondary " + assignment.secondary().orElse("nobody")
                    + " (" + assignment.source().text() + ")");
        }
        out.println("Next hand-offs (pipekeeper oncall schedule):");
        List<Shift> turns = roster.schedule().turnsBetween(now, now.plus(Duration.ofDays(366))).stream()
                .filter(turn -> !turn.start().isBefore(now))
                .limit(4)
                .toList();
        for (Shift turn : turns) {
            Assignment at = roster.schedule().at(turn.start());
            List<String> holidays = roster.schedule().segments(turn.start(), turn.end()).stream()
                    .flatMap(segment -> CalendarFeed.holidaysIn(roster, segment).stream())
                    .map(h -> h.name() + " " + h.date())
                    .toList();
            out.println("  " + Times.shown(turn.start(), roster.zone()) + "  " + at.primary().orElse("nobody") + " / "
                    + at.secondary().orElse("nobody") + (holidays.isEmpty() ? "" : "  (holidays: " + String.join(", ", holidays) + ")"));
        }
    }

    /** Writes the seed's pipekeeper.yaml and every SQL file it names (with its Spark version) into dir, each file atomically. */
    static Path writeSeed(Path dir) {
        try {
            byte[] yaml = resource("pipekeeper.yaml");
            JsonNode pipelines = new ObjectMapper(new YAMLFactory()).readTree(yaml).path("pipelines");
            Iterator<Map.Entry<String, JsonNode>> entries = pipelines.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> pipeline = entries.next();
                String sql = pipeline.getValue().path("sql").asText("pipelines/" + pipeline.getKey() + ".sql");
                writeAtomically(dir.resolve(sql), resource(sql));
                // The Spark dialect's version, where the seed has one, so that engine: spark works on the demo's files too.
                String spark = sql.replaceFirst("\\.sql$", ".spark.sql");
                if (DemoCommand.class.getResource(SEED_FOLDER + spark) != null) {
                    writeAtomically(dir.resolve(spark), resource(spark));
                }
            }
            return writeAtomically(dir.resolve("pipekeeper.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's files into " + dir, e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(SEED_FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException(SEED_FOLDER + name + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    private static Path writeAtomically(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path staging = Files.createTempFile(file.getParent(), ".pipekeeper", ".tmp");
        Files.write(staging, content);
        return Files.move(staging, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
