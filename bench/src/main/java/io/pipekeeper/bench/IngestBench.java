package io.pipekeeper.bench;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreLocation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alert ingest, side by side with Prometheus Alertmanager. wrk posts Alertmanager v4 webhooks (one alert each, each
 * with a group key of its own) over {@code --connections} connections to {@code pipekeeper serve} on loopback, started
 * by the launcher as a user would, for {@code --seconds} after {@code --warmup} seconds of the same; every 2xx means
 * the alert's signal is committed. Then serve is stopped and the store counted: every answered alert must be there,
 * once (0 lost, 0 twice). The baseline: Debian's {@code prometheus-alertmanager} (which keeps alerts in memory) under
 * the same load on its own {@code /api/v2/alerts}, grouping by alert name as it would to send those webhooks.
 */
final class IngestBench {
    private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    private static final String SECRET = "bench-secret-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private IngestBench() {
    }

    /** What wrk saw in one run. */
    record Load(long answered, long refused, long socketErrors, double perSecond) {
        static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
        static final Pattern REFUSED = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
        static final Pattern ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
        static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");

        static Load of(String output) {
            Matcher requests = find(REQUESTS, output);
            Matcher rate = find(RATE, output);
            Matcher refused = REFUSED.matcher(output);
            Matcher errors = ERRORS.matcher(output);
            long socketErrors = 0;
            if (errors.find()) {
                for (int group = 1; group <= 4; group++) {
                    socketErrors += Long.parseLong(errors.group(group));
                }
            }
            long refusals = refused.find() ? Long.parseLong(refused.group(1)) : 0;
            long total = Long.parseLong(requests.group(1));
            return new Load(total - refusals, refusals, socketErrors, Double.parseDouble(rate.group(1)) * (total - refusals) / Math.max(1, total));
        }

        private static Matcher find(Pattern pattern, String text) {
            Matcher matcher = pattern.matcher(text);
            if (!matcher.find()) {
                throw new IllegalStateException("wrk said nothing like '" + pattern + "':\n" + text);
            }
            return matcher;
        }
    }

    /** Prints the figures; returns pipekeeper's committed alerts a second. */
    static double run(String[] args) throws Exception {
        int seconds = BenchSupport.intOption(args, "--seconds", 10);
        int warmup = BenchSupport.intOption(args, "--warmup", 20);
        int connections = BenchSupport.intOption(args, "--connections", 16);
        String storeKind = BenchSupport.choice(args, "--store", "h2", List.of("h2", "postgres"));
        boolean withAlertmanager = BenchSupport.choice(args, "--alertmanager", "yes", List.of("yes", "no")).equals("yes");
        requireWrk();
        System.out.printf(Locale.ROOT, "ingest: Alertmanager webhooks, one new alert each, %d connections (wrk), %d s after %d s to warm up;"
                + " %d cores, Java %s%n", connections, seconds, warmup, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        Load ours = pipekeeper(storeKind, seconds, warmup, connections);
        if (!withAlertmanager) {
            return ours.perSecond();
        }
        if (!Files.isExecutable(ALERTMANAGER)) {
            System.out.println("ingest: " + ALERTMANAGER + " is not installed (apt-get install prometheus-alertmanager): no baseline");
            return ours.perSecond();
        }
        Load theirs = alertmanager(seconds, warmup, connections);
        System.out.printf(Locale.ROOT, "ingest: pipekeeper/alertmanager = %.2f (alerts a second, committed against held in memory)%n",
                ours.perSecond() / theirs.perSecond());
        return ours.perSecond();
    }

    private static Load pipekeeper(String storeKind, int seconds, int warmup, int connections) throws Exception {
        Path dir = Files.createTempDirectory("pipekeeper-bench-ingest-");
        EmbeddedPostgres postgres = storeKind.equals("postgres") ? EmbeddedPostgres.builder().start() : null;
        Map<String, String> environment = postgres == null ? Map.of() : Map.of(StoreLocation.USER_VARIABLE, "postgres");
        try {
            Catalog catalog = BenchSupport.seed(dir, (postgres == null ? "" : "store: " + postgres.getJdbcUrl("postgres", "postgres") + "\n")
                    + "integrations:\n  prometheus: {type: alertmanager, secret: \"" + SECRET + "\"}\n");
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(Path.of("pipekeeper").toAbsolutePath().toString(), "-c", dir.resolve("pipekeeper.yaml").toString(),
                    "serve", "--port", String.valueOf(port)).redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile());
            builder.environment().put("PIPEKEEPER_LOG_LEVEL", "WARN");
            builder.environment().putAll(environment);
            Process serve = builder.start();
            Load load;
            try {
                awaitHealthy(port, serve, dir.resolve("serve.log"));
                String url = "http://127.0.0.1:" + port + "/";
                wrk("bench/ingest/alertmanager-webhook.lua", url, warmup, connections, "warm", SECRET);
                load = wrk("bench/ingest/alertmanager-webhook.lua", url, seconds, connections, "run", SECRET);
                System.out.printf(Locale.ROOT, "ingest: pipekeeper serve resident after the run: %d MB%n", residentMegabytes(serve.pid()));
            } finally {
                serve.destroy(); // SIGTERM: serve finishes the requests in hand and stops its loops
                if (!serve.waitFor(60, TimeUnit.SECONDS)) {
                    serve.destroyForcibly();
                }
            }
            long[] stored = stored(catalog, environment);
            System.out.printf(Locale.ROOT, "ingest: pipekeeper (%s): %,.0f alerts/s; %,d answered 2xx, %d refused, %d socket errors;"
                            + " the store holds %,d of the run's alerts (%d twice), %,d of them already incidents when serve stopped%n",
                    postgres == null ? "H2 file store" : "PostgreSQL", load.perSecond(), load.answered(), load.refused(), load.socketErrors(),
                    stored[0], stored[1], stored[2]);
            if (stored[0] < load.answered() || stored[1] > 0) {
                throw new IllegalStateException("alerts lost or stored twice: " + load.answered() + " answered 2xx, " + stored[0]
                        + " stored, " + stored[1] + " twice; serve's log: " + dir.resolve("serve.log"));
            }
            return load;
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /** How many of the measured run's alerts the store holds, how many of those twice, and how many opened an incident. */
    private static long[] stored(Catalog catalog, Map<String, String> environment) {
        try (Store store = Store.open(StoreLocation.of(catalog, environment))) {
            return store.jdbi().withHandle(handle -> {
                long signals = handle.createQuery("SELECT count(*) FROM signals WHERE kind = 'alert' AND detail LIKE '[prometheus] run-%'")
                        .mapTo(Long.class).one();
                long distinct = handle.createQuery("SELECT count(DISTINCT detail) FROM signals WHERE kind = 'alert' AND detail LIKE '[prometheus] run-%'")
                        .mapTo(Long.class).one();
                long incidents = handle.createQuery("SELECT count(*) FROM incidents WHERE kind = 'alert' AND title LIKE '[prometheus] run-%'")
                        .mapTo(Long.class).one();
                return new long[] {distinct, signals - distinct, incidents};
            });
        }
    }

    private static Load alertmanager(int seconds, int warmup, int connections) throws Exception {
        Path dir = Files.createTempDirectory("pipekeeper-bench-alertmanager-");
        Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: nobody
                  group_by: [alertname]
                receivers:
                  - name: nobody
                """);
        int port = freePort();
        Process alertmanager = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        try {
            awaitReady(port, alertmanager, dir.resolve("alertmanager.log"));
            String url = "http://127.0.0.1:" + port + "/";
            wrk("bench/ingest/alertmanager-api.lua", url, warmup, connections, "warm");
            Load load = wrk("bench/ingest/alertmanager-api.lua", url, seconds, connections, "run");
            System.out.printf(Locale.ROOT, "ingest: alertmanager (%s, in memory): %,.0f alerts/s; %,d answered 2xx, %d refused, %d socket errors;"
                            + " resident after the run: %d MB%n", version(), load.perSecond(), load.answered(), load.refused(), load.socketErrors(),
                    residentMegabytes(alertmanager.pid()));
            return load;
        } finally {
            alertmanager.destroy();
            alertmanager.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Load wrk(String script, String url, int seconds, int connections, String... scriptArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--timeout", "10s", "-s", script, url, "--"));
        command.addAll(List.of(scriptArgs));
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        return Load.of(output);
    }

    private static void requireWrk() throws InterruptedException {
        try {
            if (new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() <= 1) {
                return;
            }
        } catch (IOException notThere) {
            // said below
        }
        throw new IllegalStateException("bench/run ingest needs wrk, the HTTP load generator: apt-get install wrk");
    }

    private static void awaitHealthy(int port, Process serve, Path log) throws Exception {
        await("http://127.0.0.1:" + port + "/health", serve, log);
    }

    private static void awaitReady(int port, Process alertmanager, Path log) throws Exception {
        await("http://127.0.0.1:" + port + "/-/ready", alertmanager, log);
    }

    static void await(String url, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(url + ": the process ended: " + Files.readString(log));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(url + " did not answer within 3 minutes: " + Files.readString(log));
    }

    /** The process's resident set, from /proc. */
    static long residentMegabytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IllegalStateException("/proc/" + pid + "/status has no VmRSS");
    }

    private static String version() {
        try {
            Process process = new ProcessBuilder(ALERTMANAGER.toString(), "--version").redirectErrorStream(true).start();
            String first = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElse("");
            process.waitFor();
            Matcher version = Pattern.compile("version (\\S+)").matcher(first);
            return version.find() ? "Alertmanager " + version.group(1) : "Alertmanager";
        } catch (IOException | InterruptedException e) {
            return "Alertmanager";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
