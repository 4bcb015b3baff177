package io.pipekeeper.bench.faults;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.engine.Publisher;
import io.pipekeeper.sample.SampleData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * kill -9 of {@code pipekeeper run} at a random moment, then the same run again: the published outputs must equal
 * a clean run's row for row, the warehouse must hold no other file (no staging file, no partial output), no run
 * may be left 'running', and the incidents must be the clean run's.
 */
final class RunKill implements FaultsBench.Kind {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 7);

    private final Path dir;
    private final Path base;
    private final Map<String, String> reference;
    private final String referenceIncidents;
    private final long runMillis;
    private int struckMidRun;

    RunKill(Path dir) throws Exception {
        this.dir = dir;
        this.base = dir.resolve("base");
        Files.createDirectories(base);
        Path config = FaultTeam.write(base, 1, "http://127.0.0.1:1", null);
        Catalog catalog = new ConfigLoader().load(config, "pipekeeper.yaml");
        new SampleData(catalog).generate(new SampleData.Options(DAY, DAY, 0.01, 5, List.of()), day -> { });
        Path clean = copy("clean");
        long start = System.nanoTime();
        int code = Child.run(clean.resolve("pipekeeper.yaml"), FaultTeam.ENVIRONMENT, "run", "--date", DAY.toString());
        runMillis = (System.nanoTime() - start) / 1_000_000;
        if (code != 0) {
            throw new IllegalStateException("the clean run failed (exit " + code + ") in " + clean);
        }
        reference = outputs(clean);
        referenceIncidents = incidents(clean);
        if (reference.isEmpty()) {
            throw new IllegalStateException("the clean run published nothing in " + clean);
        }
    }

    @Override
    public String name() {
        return "run-kill";
    }

    @Override
    public String summary() {
        return struckMidRun + " kills struck before the run finished (a clean run takes " + runMillis + " ms); outputs, files, runs and incidents as a clean run's";
    }

    @Override
    public FaultsBench.Round round(int number, Random random) throws Exception {
        Path round = copy("round-" + number);
        Path config = round.resolve("pipekeeper.yaml");
        List<String> problems = new ArrayList<>();
        try (Child killed = Child.start(config, FaultTeam.ENVIRONMENT, "run", "--date", DAY.toString())) {
            Thread.sleep(random.nextLong(runMillis));
            struckMidRun += killed.alive() ? 1 : 0;
            killed.kill();
        }
        int code = Child.run(config, FaultTeam.ENVIRONMENT, "run", "--date", DAY.toString());
        if (code != 0) {
            problems.add("the run after the kill exited " + code);
        }
        Map<String, String> outputs = outputs(round);
        long lost = reference.keySet().stream().filter(file -> !outputs.containsKey(file)).count();
        long differ = reference.keySet().stream().filter(file -> outputs.containsKey(file) && !outputs.get(file).equals(reference.get(file))).count();
        if (differ > 0) {
            problems.add(differ + " outputs differ from the clean run's");
        }
        TreeSet<String> others = files(round);
        others.removeAll(reference.keySet());
        if (!others.isEmpty()) {
            problems.add("files no clean run leaves: " + others);
        }
        String runs = Child.runOutput(config, FaultTeam.ENVIRONMENT, "runs", "--json");
        if (runs.contains("\"running\"")) {
            problems.add("a run is left 'running'");
        }
        String incidents = incidents(round);
        if (!incidents.equals(referenceIncidents)) {
            problems.add("incidents " + incidents + ", a clean run's " + referenceIncidents);
        }
        if (problems.isEmpty()) {
            delete(round);
        }
        return FaultsBench.Round.of(lost, 0, problems);
    }

    /** The open incidents' keys, sorted: what the runs raised. */
    private static String incidents(Path round) throws Exception {
        String json = Child.runOutput(round.resolve("pipekeeper.yaml"), FaultTeam.ENVIRONMENT, "incidents", "--json");
        List<String> keys = new ArrayList<>(); // a list, so that an incident opened twice shows
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("incidents")
                .forEach(incident -> keys.add(incident.path("key").asText()));
        java.util.Collections.sort(keys);
        return keys.toString();
    }

    private Path copy(String name) throws IOException {
        Path to = dir.resolve(name);
        try (Stream<Path> files = Files.walk(base)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(base.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(from, target);
                }
            }
        }
        return to;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static TreeSet<String> files(Path round) throws IOException {
        Path warehouse = round.resolve("data/warehouse");
        TreeSet<String> names = new TreeSet<>();
        if (Files.isDirectory(warehouse)) {
            try (Stream<Path> files = Files.walk(warehouse)) {
                files.filter(Files::isRegularFile).forEach(file -> names.add(warehouse.relativize(file).toString()));
            }
        }
        return names;
    }

    /** Each published output file with a digest of its rows, read back by DuckDB in a fixed order. */
    private static Map<String, String> outputs(Path round) throws Exception {
        Path warehouse = round.resolve("data/warehouse");
        Map<String, String> digests = new TreeMap<>();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
            for (String file : files(round)) {
                if (!file.endsWith(Publisher.outputFile(Path.of(""), "x", DAY).getFileName().toString())) {
                    continue;
                }
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                try (PreparedStatement query = duckdb.prepareStatement("SELECT * FROM read_parquet(?) ORDER BY ALL")) {
                    query.setString(1, warehouse.resolve(file).toString());
                    try (ResultSet rows = query.executeQuery()) {
                        int columns = rows.getMetaData().getColumnCount();
                        while (rows.next()) {
                            for (int c = 1; c <= columns; c++) {
                                digest.update(String.valueOf(rows.getObject(c)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                                digest.update((byte) 0);
                            }
                        }
                    }
                }
                digests.put(file, HexFormat.of().formatHex(digest.digest()));
            }
        }
        return digests;
    }
}
