package io.pipekeeper.bench;

import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.Kind;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.pipekeeper.App;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.incident.IncidentLoop;
import io.pipekeeper.incident.PagingLoop;
import io.pipekeeper.notify.Channel;
import io.pipekeeper.notify.DeliveryLoop;
import io.pipekeeper.notify.EmailChannel;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.notify.Via;
import io.pipekeeper.pipeline.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * From a signal's insertion to the SMTP server accepting its page: N check failures, each a new incident, are
 * raised at a steady rate into the seed's store (an H2 file, or PostgreSQL with {@code --store postgres}) that
 * already holds {@code --history} resolved incidents and their signals, while the scheduler's paging loop (woken by each
 * commit, a poll every 250 ms besides) turns them into incidents and sends their first pages to an in-process SMTP server (GreenMail). A
 * page counts as delivered when the SMTP server has answered its DATA (the send returns). Side by side, the
 * baseline: the same N emails sent straight to the same server, one after another, with nothing in between.
 */
final class PagingBench {
    private static final Pattern MARK = Pattern.compile("bench-signal-(-?\\d+)");

    private PagingBench() {
    }

    /** Prints the figures; returns pipekeeper's p99 in milliseconds. */
    static double run(String[] args) throws Exception {
        int count = Integer.parseInt(BenchSupport.option(args, "--incidents", "1000"));
        int rate = Integer.parseInt(BenchSupport.option(args, "--rate", "50"));
        int warmup = Integer.parseInt(BenchSupport.option(args, "--warmup", "200"));
        int history = Integer.parseInt(BenchSupport.option(args, "--history", "10000"));
        String kind = BenchSupport.option(args, "--store", "h2");
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        Path dir = Files.createTempDirectory("pipekeeper-bench-paging-");
        EmbeddedPostgres postgres = kind.equals("postgres") ? EmbeddedPostgres.builder().start() : null;
        try {
            String store = postgres == null ? "" : "store: " + postgres.getJdbcUrl("postgres", "postgres") + "\n";
            Catalog catalog = BenchSupport.seed(dir, store + "channels:\n  email:\n    smtp: {host: 127.0.0.1, port: " + smtp.getSmtp().getPort()
                    + ", security: none}\n    from: \"pipekeeper <pipekeeper@example.com>\"\n");
            System.out.printf(Locale.ROOT, "paging: %d incidents (after %d to warm up) at %d a second into %s holding %d earlier signals and"
                            + " incidents; SMTP by GreenMail; %d cores, Java %s%n", count, warmup, rate,
                    postgres == null ? "an H2 file store" : "PostgreSQL " + postgresVersion(postgres), history,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            List<Double> baseline = baseline(new EmailChannel(catalog.email().orElseThrow(), Map.of()), count, rate);
            List<Double> pipekeeper = pipekeeper(catalog, history, warmup, count, rate);
            print("baseline (SMTP alone)", baseline);
            print("pipekeeper", pipekeeper);
            System.out.printf(Locale.ROOT, "paging: pipekeeper/baseline p99 = %.1f (the cost of the store and the outbox)%n",
                    BenchSupport.percentile(pipekeeper, 99) / BenchSupport.percentile(baseline, 99));
            System.out.printf(Locale.ROOT, "paging: p99 = %.0f ms%n", BenchSupport.percentile(pipekeeper, 99));
            return BenchSupport.percentile(pipekeeper, 99);
        } finally {
            smtp.stop();
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static String postgresVersion(EmbeddedPostgres postgres) throws java.sql.SQLException {
        try (var connection = postgres.getPostgresDatabase().getConnection()) {
            return connection.getMetaData().getDatabaseProductVersion();
        }
    }

    /**
     * A store with a past: {@code count} signals of 60 days ago, each opened as an incident by the real loop and
     * then resolved (its pages marked sent, its timers gone), so that every per-pass query meets a long history.
     */
    private static void history(App app, int count) {
        Instant then = Instant.now().minus(java.time.Duration.ofDays(60));
        LocalDate day = LocalDate.of(2020, 1, 1);
        app.store().jdbi().useTransaction(handle -> {
            for (int i = 0; i < count; i++) {
                io.pipekeeper.signal.SignalStore.raise(handle, new PendingSignal(Kind.CHECK_FAILED, "aggregate_growth", day.plusDays(i % 3000),
                        "check old_" + i + " failed on aggregate_growth", Map.of("check", "old_" + (i % 50))), java.util.Optional.empty(), then);
            }
        });
        app.incidentLoop().runOnce(then);
        app.store().jdbi().useTransaction(handle -> {
            handle.createUpdate("UPDATE incidents SET status = 'resolved', resolved_at = opened_at, resolved_by = 'bench'").execute();
            handle.createUpdate("UPDATE outbox SET status = 'sent', sent_at = created_at").execute();
            handle.createUpdate("DELETE FROM scheduled_tasks").execute();
        });
    }

    /** Each email sent the moment it is due, on a new connection as a script would: the time the SMTP exchange itself takes. */
    private static List<Double> baseline(Channel email, int count, int rate) throws Exception {
        List<Double> millis = new ArrayList<>();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            waitUntil(start + i * interval);
            long due = System.nanoTime();
            email.send("john@example.com", "baseline " + i, "bench-baseline " + i);
            email.idle();
            millis.add((System.nanoTime() - due) / 1e6);
        }
        return millis;
    }

    private static void waitUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            if (left > 2_000_000) {
                Thread.sleep(1);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** The first {@code warmup} incidents warm the JVM up, as in a scheduler that has been running; the next {@code count} are timed. */
    private static List<Double> pipekeeper(Catalog catalog, int history, int warmup, int count, int rate) throws Exception {
        Map<Integer, Long> raisedAt = new ConcurrentHashMap<>();
        Map<Integer, Long> acceptedAt = new ConcurrentHashMap<>();
        try (App app = new App(catalog, Map.of("PIPEKEEPER_STORE_USER", "postgres"))) {
            history(app, history);
            Channel email = app.channels().get(Via.EMAIL);
            Channel timed = new Channel() {
                @Override
                public String send(String address, String subject, String body) throws Exception {
                    String id = email.send(address, subject, body);
                    Matcher mark = MARK.matcher(body);
                    long now = System.nanoTime();
                    while (mark.find()) { // a mail may carry several pages that fell due together (a bundle)
                        acceptedAt.putIfAbsent(Integer.parseInt(mark.group(1)), now);
                    }
                    return id;
                }

                @Override
                public void idle() {
                    email.idle();
                }
            };
            IncidentLoop incidents = app.incidentLoop();
            DeliveryLoop delivery = new DeliveryLoop(new Outbox(app.store().jdbi()), Map.of(Via.EMAIL, timed),
                    incidents.escalation()::fallBack);
            RunStore runs = app.runStore();
            try (PagingLoop paging = new PagingLoop(incidents, delivery, Instant::now).start(PagingLoop.DEFAULT_EVERY)) {
                long interval = 1_000_000_000L / rate;
                long start = System.nanoTime();
                for (int i = -warmup; i < count; i++) {
                    waitUntil(start + (i + warmup) * interval);
                    raisedAt.put(i, System.nanoTime());
                    // A data date each: failures of one table on one date are one cause, and would page once.
                    runs.signals().raise(new PendingSignal(Kind.CHECK_FAILED, "aggregate_profit", LocalDate.of(2026, 11, 25).minusDays(i + warmup),
                            "check bench_" + i + " failed on aggregate_profit (bench-signal-" + i + ")", java.util.Map.of("check", "bench_" + i)),
                            Instant.now());
                }
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (acceptedAt.size() < warmup + count && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
        }
        if (acceptedAt.size() < warmup + count) {
            throw new IllegalStateException("only " + acceptedAt.size() + " of " + (warmup + count) + " pages reached the SMTP server within a minute");
        }
        List<Double> millis = new ArrayList<>();
        raisedAt.forEach((i, raised) -> {
            if (i >= 0) {
                millis.add((acceptedAt.get(i) - raised) / 1e6);
            }
        });
        return millis;
    }

    private static void print(String what, List<Double> millis) {
        System.out.printf(Locale.ROOT, "paging: %-22s p50 %6.1f ms, p90 %6.1f ms, p99 %6.1f ms, max %6.1f ms%n", what,
                BenchSupport.percentile(millis, 50), BenchSupport.percentile(millis, 90), BenchSupport.percentile(millis, 99),
                BenchSupport.percentile(millis, 100));
    }
}
