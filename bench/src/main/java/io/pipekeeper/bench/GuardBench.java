package io.pipekeeper.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The regression guard: a few short benchmarks whose figures are held against those recorded in
 * {@code bench/baseline.json}; any figure more than {@value #MARGIN} times worse fails the run (exit 1). A benchmark
 * with a wide margin, for CI, not a timed test: it catches a change that makes paging, start-up or the pipelines
 * several times slower, or ingest several times less, not noise. {@code --record} writes this run's figures as the new baseline.
 */
final class GuardBench {
    static final double MARGIN = 3.0;
    private static final Path BASELINE = Path.of("bench/baseline.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private GuardBench() {
    }

    static void run(String[] args) throws Exception {
        Map<String, Double> now = new LinkedHashMap<>();
        now.put("paging_p99_ms", PagingBench.run(new String[] {"--rate", "50", "--incidents", "400", "--warmup", "100", "--history", "1000"}));
        now.put("ingest_alerts_per_s", IngestBench.run(new String[] {"--warmup", "10", "--seconds", "10", "--alertmanager", "no"}));
        now.put("cli_oncall_now_s", cliStartup());
        now.put("pipelines_over_raw", PipelinesBench.run(new String[] {"--scale", "0.1", "--days", "6"}));
        if (List.of(args).contains("--record")) {
            ObjectNode recorded = JSON.createObjectNode();
            recorded.put("measured", Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
            now.forEach((name, figure) -> recorded.put(name, Math.round(figure * 1000) / 1000.0));
            Files.writeString(BASELINE, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(recorded) + "\n");
            System.out.println("guard: recorded in " + BASELINE);
            return;
        }
        var baseline = JSON.readTree(BASELINE.toFile());
        List<String> worse = new ArrayList<>();
        System.out.printf(Locale.ROOT, "guard: %-20s %10s %10s %10s  (recorded on %s)%n", "figure", "now", "recorded", "limit", baseline.path("measured").asText());
        for (Map.Entry<String, Double> figure : now.entrySet()) {
            if (!baseline.has(figure.getKey())) {
                throw new IllegalStateException(BASELINE + " has no " + figure.getKey() + "; run bench/run guard --record");
            }
            double recorded = baseline.get(figure.getKey()).asDouble();
            // A rate (…_per_s) is worse when lower; a time or a ratio when higher.
            boolean rate = figure.getKey().endsWith("_per_s");
            double limit = rate ? recorded / MARGIN : recorded * MARGIN;
            boolean ok = rate ? figure.getValue() >= limit : figure.getValue() <= limit;
            System.out.printf(Locale.ROOT, "guard: %-20s %10.3f %10.3f %10.3f  %s%n", figure.getKey(), figure.getValue(), recorded, limit,
                    ok ? "ok" : "WORSE");
            if (!ok) {
                worse.add(figure.getKey());
            }
        }
        if (!worse.isEmpty()) {
            System.out.println("guard: " + String.join(", ", worse) + " more than " + MARGIN + " times worse than recorded");
            System.exit(1);
        }
        System.out.println("guard: every figure within " + MARGIN + " times the recorded one");
    }

    /** The median wall time of {@code pipekeeper oncall now} through the launcher on the seed, over 5 runs after one (which installs a fresh build and writes its class-data archive). */
    private static double cliStartup() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("pipekeeper-bench-cli-");
        BenchSupport.seed(dir, "");
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long started = System.nanoTime();
            Process process = new ProcessBuilder(Path.of("pipekeeper").toAbsolutePath().toString(), "-c", dir.resolve("pipekeeper.yaml").toString(),
                    "oncall", "now").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("pipekeeper oncall now failed or hung (exit " + (process.isAlive() ? "none" : process.exitValue()) + ")");
            }
            if (i > 0) {
                seconds.add((System.nanoTime() - started) / 1e9);
            }
        }
        double median = BenchSupport.median(seconds);
        System.out.printf(Locale.ROOT, "cli: pipekeeper oncall now, median of 5: %.2f s%n", median);
        return median;
    }
}
