package io.pipekeeper.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release as a team installs it: the tarball extracted into an empty folder, run from there with nothing but
 * Java (no Maven, no source tree), then the Spark tarball dropped into it.
 */
class ReleaseIT {
    private static final Path TARBALL = Path.of(System.getProperty("pipekeeper.release"));
    private static final Path SPARK_TARBALL = Path.of(System.getProperty("pipekeeper.release.spark"));
    private static final Pattern SERVING = Pattern.compile("serving (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    static Path installed;
    static Path home;

    record Result(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void install() throws Exception {
        home = extract(TARBALL, Files.createDirectories(installed.resolve("opt")));
    }

    /** The folder TARBALL holds, extracted into INTO. */
    private static Path extract(Path tarball, Path into) throws Exception {
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", into.toString()).inheritIO().start();
        assertThat(tar.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(tar.exitValue()).isZero();
        try (Stream<Path> top = Files.list(into)) {
            return top.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    /** bin/pipekeeper with ARGS, from the release's folder, with an environment free of the developer's. */
    private static Result launch(String... args) throws IOException, InterruptedException {
        return launch(java.util.Map.of(), args);
    }

    private static Result launch(java.util.Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/pipekeeper").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(installed, "out", ".txt");
        Path err = Files.createTempFile(installed, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PIPEKEEPER_") || name.startsWith("MAVEN"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("pipekeeper " + String.join(" ", args) + " finishes").isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void the_release_holds_a_launcher_libraries_configurations_units_completion_man_pages_and_licenses() throws Exception {
        assertThat(home.getFileName().toString()).startsWith("pipekeeper-");
        assertThat(Files.isExecutable(home.resolve("bin/pipekeeper"))).isTrue();
        assertThat(home.resolve("conf/pipekeeper.yaml")).exists();
        assertThat(home.resolve("conf/seed/pipekeeper.yaml")).exists();
        assertThat(Files.readString(home.resolve("systemd/pipekeeper-serve.service")))
                .contains("ExecStart=/opt/pipekeeper/bin/pipekeeper serve", "Restart=on-failure", "User=pipekeeper", "EnvironmentFile=");
        assertThat(Files.readString(home.resolve("systemd/pipekeeper-scheduler.service")))
                .contains("ExecStart=/opt/pipekeeper/bin/pipekeeper scheduler", "Restart=on-failure", "User=pipekeeper", "EnvironmentFile=");
        assertThat(Files.readString(home.resolve("man/man1/pipekeeper.1"))).contains(".TH \"PIPEKEEPER\"");
        assertThat(home.resolve("man/man1/pipekeeper-incident-ack.1")).exists();

        // The alerting rules for pipekeeper itself are ones Prometheus loads.
        Path promtool = Path.of("/usr/bin/promtool");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(promtool), "Debian's prometheus (promtool) is not installed");
        Process rules = new ProcessBuilder(promtool.toString(), "check", "rules", home.resolve("conf/prometheus/pipekeeper-rules.yml").toString())
                .redirectErrorStream(true).start();
        String checked = new String(rules.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(rules.waitFor()).as(checked).isZero();
        assertThat(checked).contains("SUCCESS: 7 rules found");

        // The completion script is bash's, and completes the subcommands.
        Process bash = new ProcessBuilder("bash", "-c", "source completion/pipekeeper.bash && complete -p pipekeeper")
                .directory(home.toFile()).redirectErrorStream(true).start();
        String completion = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor()).as(completion).isZero();
        assertThat(completion).contains("complete").contains("pipekeeper");
        assertThat(Files.readString(home.resolve("completion/pipekeeper.bash"))).contains("incident", "oncall", "serve");

        // Every bundled library is in THIRD-PARTY.txt with its license; pipekeeper's own jar is not third-party.
        String licenses = Files.readString(home.resolve("THIRD-PARTY.txt"));
        Set<String> jars = jarNames(home.resolve("lib"));
        assertThat(licenses).contains("Lists of " + (jars.size() - 1) + " third-party dependencies");
        assertThat(licenses).contains("(com.h2database:h2:", "(org.duckdb:duckdb_jdbc:").doesNotContain("Unknown license", "io.pipekeeper");
    }

    @Test
    void the_dependency_report_names_the_versions_the_release_bundles() throws Exception {
        Set<String> jars = jarNames(home.resolve("lib"));
        Pattern row = Pattern.compile("^\\| ((?:`[^`]+`(?:, )?)+) \\| ([^ |]+) \\|");
        int checked = 0;
        for (String line : Files.readAllLines(home.resolve("docs/dependencies.md"))) {
            Matcher matched = row.matcher(line);
            if (matched.find()) {
                for (String library : matched.group(1).replace("`", "").split(", ")) {
                    assertThat(jars).as("docs/dependencies.md: " + line).contains(library + "-" + matched.group(2) + ".jar");
                    checked++;
                }
            }
        }
        assertThat(checked).as("libraries in the report").isGreaterThan(20);
    }

    @Test
    void it_runs_from_its_own_folder_with_only_java() throws Exception {
        Result version = launch("--version");
        assertThat(version.exitCode()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("pipekeeper ").contains("duckdb_jdbc").contains("spark-sql                  not on the class path");

        Result minimal = launch("-c", "conf/pipekeeper.yaml", "validate");
        assertThat(minimal.exitCode()).as(minimal.err()).isZero();
        assertThat(minimal.out()).isEqualTo("ok: 1 pipeline, 2 people (2 warnings above)\n");

        Result seed = launch("-c", "conf/seed/pipekeeper.yaml", "validate");
        assertThat(seed.exitCode()).as(seed.err()).isZero();
        assertThat(seed.out()).startsWith("ok: 5 pipelines, 4 people");

        Result generated = launch("-c", "conf/seed/pipekeeper.yaml", "data", "generate", "--from", "2026-11-01", "--to", "2026-11-01", "--scale", "0.001");
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        Result run = launch(java.util.Map.of("PIPEKEEPER_LOG_FORMAT", "json", "PIPEKEEPER_LOG_LEVEL", "debug"),
                "-c", "conf/seed/pipekeeper.yaml", "run", "unit_profit", "--date", "2026-11-01");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("unit_profit  succeeded  duckdb");
        // With PIPEKEEPER_LOG_FORMAT=json every log line is one JSON object; the run's carry its id.
        List<com.fasterxml.jackson.databind.JsonNode> logged = new ArrayList<>();
        for (String line : run.err().lines().toList()) {
            logged.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
        }
        assertThat(logged).anySatisfy(line -> {
            assertThat(line.get("message").asText()).startsWith("run 1 of unit_profit for 2026-11-01: succeeded");
            assertThat(line.get("run_id").asText()).isEqualTo("1");
            assertThat(line.get("level").asText()).isEqualTo("DEBUG");
            assertThat(line.get("@timestamp").asText()).isNotBlank();
        });
        assertThat(home.resolve("conf/seed/data/warehouse")).isDirectory();

        Result help = launch("help", "incident");
        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage: pipekeeper incident");
    }

    @Test
    void serve_answers_health_from_the_release() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/pipekeeper").toString(), "-c", "conf/seed/pipekeeper.yaml", "serve", "--port", "0")
                .directory(home.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PIPEKEEPER_"));
        Process serve = builder.start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String base = null;
            StringBuilder seen = new StringBuilder();
            for (String line = lines.readLine(); line != null && base == null; line = lines.readLine()) {
                seen.append(line).append('\n');
                Matcher serving = SERVING.matcher(line);
                if (serving.find()) {
                    base = serving.group(1);
                }
            }
            assertThat(base).as(seen.toString()).isNotNull();
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
        }
    }

    @Test
    void the_spark_tarball_drops_into_lib_with_exactly_the_spark_modules_libraries_and_adds_the_engine() throws Exception {
        Path both = Files.createDirectories(installed.resolve("with-spark"));
        try {
            Path withSpark = extract(TARBALL, both);
            Set<String> app = jarNames(withSpark.resolve("lib"));
            assertThat(extract(SPARK_TARBALL, both)).as("the same folder name: it drops in").isEqualTo(withSpark);
            Set<String> together = jarNames(withSpark.resolve("lib"));
            Set<String> added = new TreeSet<>(together);
            added.removeAll(app);
            assertThat(added).as("the Spark engine and what only it needs").anyMatch(name -> name.startsWith("spark-sql_2.13-"))
                    .anyMatch(name -> name.startsWith("pipekeeper-spark-"));
            Set<String> sparkModule = jarNames(Path.of(System.getProperty("pipekeeper.spark.lib")));
            sparkModule.add(added.stream().filter(name -> name.startsWith("pipekeeper-spark-")).findFirst().orElseThrow());
            assertThat(together).as("the app's and the Spark tarball's jars are the Spark module's, one version of each").isEqualTo(sparkModule);
            assertThat(jarNames(withSpark.resolve("lib-last"))).containsExactly("jakarta.servlet-api-5.0.0.jar");
            assertThat(Files.readString(withSpark.resolve("THIRD-PARTY-spark.txt"))).contains("(org.apache.spark:spark-core_2.13:")
                    .doesNotContain("Unknown license", "io.pipekeeper");

            Process version = new ProcessBuilder(withSpark.resolve("bin/pipekeeper").toString(), "version").redirectErrorStream(true).start();
            String shown = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(version.waitFor()).as(shown).isZero();
            assertThat(shown).containsPattern("spark-sql +4\\.");
        } finally {
            deleteTree(both);
        }
    }

    private static Set<String> jarNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".jar")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
