package io.pipekeeper.bench.faults;

import io.pipekeeper.bench.BenchSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * bench/run faults [--rounds N] [--only KIND] [--seed S]: what a careful user and a hostile network do to pipekeeper, with real
 * processes on loopback, each kind for N rounds. One line per kind: rounds, failed rounds, what was lost and what
 * was duplicated; the exit code is 1 when any round failed, with the first failures' reasons printed above.
 */
public final class FaultsBench {
    private FaultsBench() {
    }

    /** One kind of fault: a setup shared by its rounds, then rounds. */
    interface Kind extends AutoCloseable {
        String name();

        Round round(int number, Random random) throws Exception;

        /** What the line says after the counts: what the rounds did, in a few words. */
        String summary();

        @Override
        default void close() throws Exception {
        }
    }

    /** What one round found: lost and duplicated are deliveries (pages, incidents, outputs); problems say why it failed. */
    record Round(long lost, long duplicated, List<String> problems) {
        static Round of(long lost, long duplicated, List<String> problems) {
            List<String> all = new ArrayList<>(problems);
            if (lost > 0) {
                all.add(0, lost + " lost");
            }
            if (duplicated > 0) {
                all.add(0, duplicated + " duplicated");
            }
            return new Round(lost, duplicated, List.copyOf(all));
        }

        boolean failed() {
            return !problems.isEmpty();
        }
    }

    public static void main(String[] args) throws Exception {
        // A killed pipekeeper leaves its SMTP connection half-open; the test server's complaint about it is not news.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.icegreen.greenmail")).setLevel(ch.qos.logback.classic.Level.OFF);
        int rounds = Integer.parseInt(BenchSupport.option(args, "--rounds", "50"));
        String only = BenchSupport.option(args, "--only", "");
        long seed = Long.parseLong(BenchSupport.option(args, "--seed", "16"));
        Path work = Files.createTempDirectory("pipekeeper-faults-");
        System.out.printf(Locale.ROOT, "faults: %d rounds of each kind, seed %d, in %s; %d cores, Java %s%n", rounds, seed, work,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        List<String> kinds = List.of("run-kill", "scheduler-kill", "cluster", "ha", "providers", "config", "api");
        boolean failed = false;
        for (String name : kinds) {
            if (!only.isEmpty() && !only.equals(name)) {
                continue;
            }
            Kind kind;
            try {
                kind = kind(name, work.resolve(name));
            } catch (Exception e) {
                System.out.printf(Locale.ROOT, "faults: %-15s could not be set up: %s%n", name, e);
                failed = true;
                continue;
            }
            failed |= !run(kind, rounds, new Random(seed));
        }
        System.exit(failed ? 1 : 0);
    }

    private static Kind kind(String name, Path dir) throws Exception {
        Files.createDirectories(dir);
        return switch (name) {
            case "run-kill" -> new RunKill(dir);
            case "scheduler-kill" -> new SchedulerKill(dir);
            case "cluster" -> Cluster.pairs(dir);
            case "ha" -> Cluster.highAvailability(dir);
            case "providers" -> new Providers(dir);
            case "config" -> new ConfigMutations(dir);
            case "api" -> new MalformedRequests(dir);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static boolean run(Kind kind, int rounds, Random random) throws Exception {
        long start = System.nanoTime();
        int failures = 0;
        long lost = 0;
        long duplicated = 0;
        List<String> reasons = new ArrayList<>();
        try (kind) {
            for (int number = 1; number <= rounds; number++) {
                Round round;
                try {
                    round = kind.round(number, random);
                } catch (Exception e) {
                    round = Round.of(0, 0, List.of("the round itself failed: " + e));
                }
                lost += round.lost();
                duplicated += round.duplicated();
                if (round.failed()) {
                    failures++;
                    if (reasons.size() < 5) {
                        reasons.add("round " + number + ": " + String.join("; ", round.problems()));
                    }
                }
            }
        }
        reasons.forEach(reason -> System.out.println("  " + kind.name() + " " + reason));
        System.out.printf(Locale.ROOT, "faults: %-15s rounds %d, failures %d, lost %d, duplicated %d, %.0f s — %s%n", kind.name(), rounds,
                failures, lost, duplicated, (System.nanoTime() - start) / 1e9, kind.summary());
        return failures == 0;
    }
}
