package io.pipekeeper.bench;

import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.Kind;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.pipekeeper.App;
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
 * raised at a steady rate into the seed's store (an H2 file) while the scheduler's paging loop (a pass every
 * 250 ms) turns them into incidents and sends their first pages to an in-process SMTP server (GreenMail). A
 * page counts as delivered when the SMTP server has answered its DATA (the send returns). Side by side, the
 * baseline: the same N emails sent straight to the same server, one after another, with nothing in between.
 */
final class PagingBench {
    private static final Pattern MARK = Pattern.compile("bench-signal-(-?\\d+)");

    private PagingBench() {
    }

    static void run(String[] args) throws Exception {
        int count = Integer.parseInt(BenchSupport.option(args, "--incidents", "1000"));
        int rate = Integer.parseInt(BenchSupport.option(args, "--rate", "50"));
        int warmup = Integer.parseInt(BenchSupport.option(args, "--warmup", "200"));
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        Path dir = Files.createTempDirectory("pipekeeper-bench-paging-");
        try {
            Catalog catalog = BenchSupport.seed(dir, "channels:\n  email:\n    smtp: {host: 127.0.0.1, port: " + smtp.getSmtp().getPort()
                    + ", security: none}\n    from: \"pipekeeper <pipekeeper@example.com>\"\n");
            System.out.printf(Locale.ROOT, "paging: %d incidents (after %d to warm up) at %d a second into an H2 file store; SMTP by GreenMail;"
                    + " %d cores, Java %s%n", count, warmup, rate, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            List<Double> baseline = baseline(new EmailChannel(catalog.email().orElseThrow(), Map.of()), count, rate);
            List<Double> pipekeeper = pipekeeper(catalog, warmup, count, rate);
            print("baseline (SMTP alone)", baseline);
            print("pipekeeper", pipekeeper);
            System.out.printf(Locale.ROOT, "paging: pipekeeper/baseline p99 = %.1f (the cost of the store, the outbox and the 250 ms poll)%n",
                    BenchSupport.percentile(pipekeeper, 99) / BenchSupport.percentile(baseline, 99));
            System.out.printf(Locale.ROOT, "paging: p99 = %.0f ms%n", BenchSupport.percentile(pipekeeper, 99));
        } finally {
            smtp.stop();
        }
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
    private static List<Double> pipekeeper(Catalog catalog, int warmup, int count, int rate) throws Exception {
        Map<Integer, Long> raisedAt = new ConcurrentHashMap<>();
        Map<Integer, Long> acceptedAt = new ConcurrentHashMap<>();
        try (App app = new App(catalog, Map.of())) {
            Channel email = app.channels().get(Via.EMAIL);
            Channel timed = new Channel() {
                @Override
                public String send(String address, String subject, String body) throws Exception {
                    String id = email.send(address, subject, body);
                    Matcher mark = MARK.matcher(body);
                    if (mark.find()) {
                        acceptedAt.putIfAbsent(Integer.parseInt(mark.group(1)), System.nanoTime());
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
