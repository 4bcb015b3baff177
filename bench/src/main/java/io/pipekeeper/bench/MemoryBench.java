package io.pipekeeper.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code serve} and {@code scheduler} hold, read from {@code /proc/PID/status} (VmRSS), started by the launcher
 * with the seed as a user would: serve idle; serve again, settled, after {@code --alerts} alerts (Alertmanager
 * webhooks through wrk, each a new incident, until /metrics counts them all open); the scheduler idle. "Settled" is
 * {@code --settle} seconds after the last incident opened, the time a server is quiet between bursts.
 */
final class MemoryBench {
    private static final String SECRET = "bench-secret-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern OPEN = Pattern.compile("(?m)^pipekeeper_open_incidents\\{[^}]*\\}\\s+([\\d.E]+)");

    private MemoryBench() {
    }

    static void run(String[] args) throws Exception {
        int alerts = BenchSupport.intOption(args, "--alerts", 100000);
        int settle = BenchSupport.intOption(args, "--settle", 70);
        System.out.printf(Locale.ROOT, "memory: resident set (VmRSS) of serve and scheduler on the seed, through the launcher; %d cores, Java %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        Path dir = Files.createTempDirectory("pipekeeper-bench-memory-");
        BenchSupport.seed(dir, "integrations:\n  prometheus: {type: alertmanager, secret: \"" + SECRET + "\"}\n");
        Path config = dir.resolve("pipekeeper.yaml");
        String token = token(config);
        int port = IngestBench.freePort();
        Process serve = start(config, dir.resolve("serve.log"), "serve", "--port", String.valueOf(port));
        long idle;
        long burst;
        long settled;
        try {
            IngestBench.await("http://127.0.0.1:" + port + "/health", serve, dir.resolve("serve.log"));
            Thread.sleep(TimeUnit.SECONDS.toMillis(settle));
            idle = IngestBench.residentMegabytes(serve.pid());
            long started = System.nanoTime();
            Process wrk = wrk("http://127.0.0.1:" + port + "/", alerts, dir.resolve("wrk.log"));
            try {
                awaitIncidents(port, token, alerts);
            } finally {
                wrk.destroy();
            }
            burst = IngestBench.residentMegabytes(serve.pid());
            System.out.printf(Locale.ROOT, "memory: %,d alerts posted and opened as incidents in %.0f s%n", alerts, (System.nanoTime() - started) / 1e9);
            Thread.sleep(TimeUnit.SECONDS.toMillis(settle));
            settled = IngestBench.residentMegabytes(serve.pid());
        } finally {
            serve.destroy();
            serve.waitFor(60, TimeUnit.SECONDS);
        }
        Process scheduler = start(config, dir.resolve("scheduler.log"), "scheduler");
        long schedulerIdle;
        try {
            Thread.sleep(TimeUnit.SECONDS.toMillis(settle));
            if (!scheduler.isAlive()) {
                throw new IllegalStateException("the scheduler ended: " + Files.readString(dir.resolve("scheduler.log")));
            }
            schedulerIdle = IngestBench.residentMegabytes(scheduler.pid());
        } finally {
            scheduler.destroy();
            scheduler.waitFor(60, TimeUnit.SECONDS);
        }
        System.out.printf(Locale.ROOT, "memory: serve idle %d MB (goal 256); serve at the end of %,d alerts %d MB, %d s later %d MB (goal 320);"
                + " scheduler idle %d MB (goal 192)%n", idle, alerts, burst, settle, settled, schedulerIdle);
    }

    private static Process start(Path config, Path log, String... command) throws IOException {
        List<String> line = new ArrayList<>(List.of(Path.of("pipekeeper").toAbsolutePath().toString(), "-c", config.toString()));
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PIPEKEEPER_LOG_LEVEL", "WARN");
        return builder.start();
    }

    /** A viewer's API token, to read /metrics. */
    private static String token(Path config) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of("pipekeeper").toAbsolutePath().toString(), "-c", config.toString(), "token", "create",
                "--name", "bench", "--role", "viewer").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("pipekeeper token create failed: " + output);
        }
        return output.lines().findFirst().orElseThrow().strip();
    }

    /**
     * wrk, each of its two threads stopping once half the alerts were answered; it would then idle until its duration
     * ends, so it is stopped once the incidents are counted.
     */
    private static Process wrk(String url, int alerts, Path log) throws IOException {
        return new ProcessBuilder("wrk", "-t2", "-c16", "-d1200s", "--timeout", "10s", "-s", "bench/ingest/alertmanager-webhook.lua", url, "--",
                "memory", SECRET, String.valueOf(alerts / 2)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until /metrics counts at least {@code alerts} open incidents: the loops have handled every alert. */
    private static void awaitIncidents(int port, String token, int alerts) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while (System.nanoTime() < deadline) {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
            double open = 0;
            Matcher row = OPEN.matcher(metrics);
            while (row.find()) {
                open += Double.parseDouble(row.group(1));
            }
            if (open >= alerts) {
                return;
            }
            Thread.sleep(2000);
        }
        throw new IllegalStateException("the loops did not open " + alerts + " incidents within 20 minutes");
    }
}
