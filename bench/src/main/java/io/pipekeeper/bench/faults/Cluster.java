package io.pipekeeper.bench.faults;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Two {@code pipekeeper serve} and two {@code pipekeeper scheduler} on one PostgreSQL. Alertmanager's webhooks
 * arrive on both servers, each alert resent (as Alertmanager does) until a server answers 2xx; meanwhile processes
 * are killed (kill -9) at random and started again. Every alert must be one incident, and every incident's steps
 * paged once each, counted at the SMTP server and the phone API. Two kinds: {@code cluster}, 20 alerts a round and
 * one server and one scheduler killed; {@code ha}, a few alerts a round and one process of the four killed, for
 * many rounds (CI runs 100).
 */
final class Cluster implements FaultsBench.Kind {

    private static final String DATABASE = "faults";

    private final String name;
    private final int alertsPerRound;
    private final boolean oneOfFour;
    private final EmbeddedPostgres postgres;
    private final Map<String, String> environment = new HashMap<>(FaultTeam.ENVIRONMENT);
    private final Path config;
    private final List<Child> servers = new ArrayList<>();
    private final List<Child> schedulers = new ArrayList<>();
    private final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private final PhoneSink phone;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private long alerts;
    private long resent;
    private long pages;
    private long inDoubt;
    private double slowest;

    /** 20 alerts a round; one server and one scheduler killed in each. */
    static Cluster pairs(Path dir) throws Exception {
        return new Cluster(dir, "cluster", 20, false);
    }

    /** 3 alerts a round; one process of the four, at random, killed in each. */
    static Cluster highAvailability(Path dir) throws Exception {
        return new Cluster(dir, "ha", 3, true);
    }

    private Cluster(Path dir, String name, int alertsPerRound, boolean oneOfFour) throws Exception {
        this.name = name;
        this.alertsPerRound = alertsPerRound;
        this.oneOfFour = oneOfFour;
        this.phone = new PhoneSink(1000);
        this.postgres = EmbeddedPostgres.builder().start();
        smtp.start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        environment.put("PIPEKEEPER_STORE_USER", "postgres");
        config = FaultTeam.write(dir, smtp.getSmtp().getPort(), phone.apiBase(), postgres.getJdbcUrl("postgres", DATABASE));
        for (int i = 0; i < 2; i++) {
            servers.add(Servers.serve(config, environment));
            schedulers.add(Child.start(config, environment, "scheduler"));
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return alerts + " alerts (" + resent + " resent after a refusal or a kill) into 2 servers and 2 schedulers on one PostgreSQL, "
                + (oneOfFour ? "one of the four" : "one of each") + " killed and restarted a round; " + pages + " pages once each, " + inDoubt + " in doubt (claimed by a killed process, not resent); the slowest round's pages all out "
                + String.format(java.util.Locale.ROOT, "%.1f s", slowest) + " after its last alert (respond SLA " + FaultTeam.RESPOND_SECONDS + " s)";
    }

    @Override
    public FaultsBench.Round round(int number, Random random) throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        phone.accepted.clear();
        List<String> problems = new ArrayList<>();
        int killServerAt = random.nextInt(alertsPerRound);
        int killSchedulerAt = random.nextInt(alertsPerRound);
        int victim = random.nextInt(4); // ha: 0 and 1 a server, 2 and 3 a scheduler
        for (int alert = 0; alert < alertsPerRound; alert++) {
            if (alert == killServerAt && (!oneOfFour || victim < 2)) {
                int which = oneOfFour ? victim : random.nextInt(2);
                servers.get(which).kill();
                servers.set(which, Servers.serve(config, environment));
            }
            if (alert == killSchedulerAt && (!oneOfFour || victim >= 2)) {
                int which = oneOfFour ? victim - 2 : random.nextInt(2);
                schedulers.get(which).kill();
                schedulers.set(which, Child.start(config, environment, "scheduler"));
            }
            send(servers, "Fault-" + number + "-" + alert, random);
            alerts++;
        }
        long sent = System.nanoTime();
        List<Long> incidents = waitForIncidents(number);
        if (incidents.size() != alertsPerRound) {
            problems.add(incidents.size() + " incidents for " + alertsPerRound + " alerts");
        }
        Set<String> expect = Sinks.expected(incidents);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && !Sinks.received(smtp, phone).keySet().containsAll(expect)) {
            Thread.sleep(200);
        }
        // From the round's last alert taken to its incidents' last step paged: the respond SLA, plus any time the
        // survivors took to carry a killed process's work. A round with a page in doubt waits out the minute (that
        // page never comes) and is not a measure of it.
        if (Sinks.received(smtp, phone).keySet().containsAll(expect)) {
            slowest = Math.max(slowest, (System.nanoTime() - sent) / 1e9);
        }
        Thread.sleep(1000);
        Sinks.Count count = Sinks.count(expect, Sinks.received(smtp, phone), inDoubt(incidents));
        problems.addAll(count.problems());
        pages += count.delivered();
        inDoubt += count.inDoubt();
        long lostIncidents = Math.max(0, alertsPerRound - incidents.size());
        long doubledIncidents = Math.max(0, incidents.size() - alertsPerRound);
        return FaultsBench.Round.of(count.lost() + lostIncidents, count.duplicated() + doubledIncidents, problems);
    }

    /** One alert, as Alertmanager sends it: to a server at random, again (to either) until one answers 2xx. */
    private void send(List<Child> servers, String name, Random random) throws Exception {
        String body = "{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"" + name + "\\\"}\",\"status\":\"firing\",\"receiver\":\"pipekeeper\","
                + "\"commonLabels\":{\"alertname\":\"" + name + "\",\"severity\":\"critical\"},\"commonAnnotations\":{\"summary\":\"fault\"},"
                + "\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"" + name + "\"}}]}";
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = Servers.port(servers.get(random.nextInt(servers.size())));
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/prometheus"))
                        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + FaultTeam.ENVIRONMENT.get("AM_SECRET"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                if (response.statusCode() / 100 == 4) {
                    throw new IllegalStateException("the hook refused a well-formed alert: " + response.statusCode() + " " + response.body());
                }
            } catch (java.io.IOException refused) {
                // a killed server: Alertmanager would retry
            }
            resent++;
            Thread.sleep(100);
        }
        throw new IllegalStateException("no server took " + name + " in 100 attempts");
    }

    private List<Long> waitForIncidents(int number) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        List<Long> ids = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            ids.clear();
            try (Connection connection = postgres.getDatabase("postgres", DATABASE).getConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT id FROM incidents WHERE title LIKE '[prometheus] Fault-" + number + "-%'")) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            if (ids.size() >= alertsPerRound) {
                Thread.sleep(1000); // and no more come
                break;
            }
            Thread.sleep(200);
        }
        return ids;
    }

    private Set<String> inDoubt(List<Long> incidents) throws Exception {
        Set<String> keys = new java.util.TreeSet<>();
        try (Connection connection = postgres.getDatabase("postgres", DATABASE).getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT incident_id, person, channel FROM outbox WHERE status IN ('sending', 'failed')")) {
            while (rows.next()) {
                if (incidents.contains(rows.getLong(1))) {
                    keys.add(Sinks.key(rows.getLong(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return keys;
    }

    @Override
    public void close() throws Exception {
        for (Child child : servers) {
            child.stop();
        }
        for (Child child : schedulers) {
            child.stop();
        }
        smtp.stop();
        phone.close();
        postgres.close();
    }
}
