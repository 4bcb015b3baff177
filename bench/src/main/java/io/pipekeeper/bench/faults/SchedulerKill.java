package io.pipekeeper.bench.faults;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.pipekeeper.App;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.incident.EscalationTimers;
import io.pipekeeper.notify.Outbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * kill -9 of {@code pipekeeper scheduler} while incidents escalate on a {@value FaultTeam#RESPOND_SECONDS} s
 * respond SLA, twice a round, then a scheduler left to finish: every step's page reaches each of its people once
 * by email and once by SMS, counted at the SMTP server and the phone API. A page a killed process had claimed
 * but not recorded is in doubt (the store marks it so and does not send it again on its channel): it may be
 * missing, never doubled.
 */
final class SchedulerKill implements FaultsBench.Kind {
    static final int INCIDENTS = 3;
    static final int KILLS = 2;

    private final Path dir;
    private final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private final PhoneSink phone;
    private long expected;
    private long delivered;
    private long inDoubt;
    private long kills;

    SchedulerKill(Path dir) throws java.io.IOException {
        this.dir = dir;
        this.phone = new PhoneSink(1000);
        smtp.start();
    }

    @Override
    public String name() {
        return "scheduler-kill";
    }

    @Override
    public String summary() {
        return kills + " kills; " + delivered + " of " + expected + " pages delivered once, " + inDoubt + " in doubt after a kill (not resent)";
    }

    @Override
    public FaultsBench.Round round(int number, Random random) throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        phone.accepted.clear();
        Path round = dir.resolve("round-" + number);
        Files.createDirectories(round);
        Path config = FaultTeam.write(round, smtp.getSmtp().getPort(), phone.apiBase(), null);
        List<Long> incidents = new ArrayList<>();
        Instant opened = Instant.now();
        try (App app = new App(new ConfigLoader().load(config, "pipekeeper.yaml"), FaultTeam.ENVIRONMENT)) {
            for (int i = 0; i < INCIDENTS; i++) {
                incidents.add(app.incidentActions().open("fault " + number + "." + i, "critical", "aggregate_profit", "john", opened).id());
            }
        }
        Set<String> expect = Sinks.expected(incidents);
        for (int kill = 0; kill < KILLS; kill++) {
            try (Child scheduler = Child.start(config, FaultTeam.ENVIRONMENT, "scheduler")) {
                if (!scheduler.awaitOutput("scheduler started", 120)) {
                    return FaultsBench.Round.of(0, 0, List.of("the scheduler did not start: " + scheduler.output()));
                }
                Thread.sleep(random.nextLong(FaultTeam.RESPOND_SECONDS * 1000L));
                scheduler.kill();
                kills++;
            }
        }
        try (Child scheduler = Child.start(config, FaultTeam.ENVIRONMENT, "scheduler")) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline && !Sinks.received(smtp, phone).keySet().containsAll(expect)) {
                Thread.sleep(200);
            }
            Thread.sleep(1000); // anything sent twice would arrive by now
            scheduler.stop();
        }
        List<Outbox.Page> pages;
        Sinks.Count count;
        try (App app = new App(new ConfigLoader().load(config, "pipekeeper.yaml"), FaultTeam.ENVIRONMENT)) {
            pages = new Outbox(app.store().jdbi()).all();
            count = Sinks.count(expect, Sinks.received(smtp, phone), Sinks.inDoubt(pages));
            if (count.lost() > 0) {
                System.out.println(diagnosis(app, round, incidents, pages));
            }
        }
        expected += count.expected();
        delivered += count.delivered();
        inDoubt += count.inDoubt();
        return FaultsBench.Round.of(count.lost(), count.duplicated(), count.problems());
    }

    /** What a round that lost pages left behind: each incident's timeline, the timers and pages, and what the schedulers logged. */
    private static String diagnosis(App app, Path round, List<Long> incidents, List<Outbox.Page> pages) throws java.io.IOException {
        StringBuilder text = new StringBuilder("  scheduler-kill " + round.getFileName() + " left:\n");
        for (long id : incidents) {
            app.incidentStore().timeline(id).forEach(event -> text.append("    #").append(id).append(' ').append(event.at()).append(' ')
                    .append(event.kind()).append(": ").append(event.text()).append('\n'));
        }
        EscalationTimers.waiting(app.store().jdbi()).forEach(timer -> text.append("    timer ").append(timer).append('\n'));
        pages.stream().filter(page -> !page.status().equals("sent"))
                .forEach(page -> text.append("    page ").append(page.incidentId()).append('/').append(page.person()).append('/')
                        .append(page.via().text()).append(' ').append(page.status()).append('\n'));
        try (var logs = Files.list(round)) {
            for (Path log : logs.filter(file -> file.getFileName().toString().endsWith(".err")).sorted().toList()) {
                String said = Files.readString(log);
                text.append("    ").append(log.getFileName()).append(": ")
                        .append(said.isBlank() ? "(nothing)" : said.substring(Math.max(0, said.length() - 2000))).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        smtp.stop();
        phone.close();
    }
}
