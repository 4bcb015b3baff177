package io.pipekeeper.bench;

import java.util.Arrays;

/** Entry point of bench/run: one benchmark per name. */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        // The figures, not a line per page: pipekeeper's own log says only what goes wrong (read when logging starts).
        System.setProperty("PIPEKEEPER_LOG_LEVEL", System.getProperty("PIPEKEEPER_LOG_LEVEL", "WARN"));
        if (args.length == 0) {
            System.err.println("usage: bench/run planner [--people N] [--weeks N] [--runs N] | pipelines [--scale S] [--days N] | checks [--rows N] | engines [--scale S] [--days N] | checks-vs-deequ [--rows N] | wide-checks [--rows N] [--deequ yes|no] | paging [--incidents N] [--rate R] [--warmup N] [--history N] [--store h2|postgres] | ingest [--seconds N] [--warmup N] [--connections N] [--store h2|postgres] | memory [--alerts N] [--settle S] | faults [--rounds N] [--only KIND] | noise [--days N] [--scale S] | guard [--record]");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            run(args[0], rest);
        } catch (BenchSupport.BadOption e) {
            System.err.println("bench/run " + args[0] + ": " + e.getMessage() + " (the options are in bench/run's first lines)");
            System.exit(2);
        }
    }

    private static void run(String name, String[] rest) throws Exception {
        switch (name) {
            case "planner" -> PlannerBench.run(rest);
            case "pipelines" -> PipelinesBench.run(rest);
            case "checks" -> ChecksBench.run(rest);
            case "engines" -> EnginesBench.run(rest);
            case "checks-vs-deequ" -> ChecksVsDeequBench.run(rest);
            case "wide-checks" -> WideChecksBench.run(rest);
            case "paging" -> PagingBench.run(rest);
            case "ingest" -> IngestBench.run(rest);
            case "memory" -> MemoryBench.run(rest);
            case "faults" -> io.pipekeeper.bench.faults.FaultsBench.main(rest);
            case "noise" -> NoiseBench.run(rest);
            case "guard" -> GuardBench.run(rest);
            default -> {
                System.err.println("bench/run: no benchmark '" + name + "'; try: planner, pipelines, checks, engines, checks-vs-deequ, wide-checks, paging, ingest, memory, faults, noise, guard");
                System.exit(2);
            }
        }
    }
}
