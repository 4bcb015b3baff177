package io.pipekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.SeedText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./pipekeeper launcher, run from another directory as a user would, on the jar the build packaged. */
class LauncherIT {
    private static final Path LAUNCHER = Path.of(System.getProperty("pipekeeper.repo", "..")).resolve("pipekeeper")
            .toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
    }

    private Result launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        Path out = dir.resolve(".out");
        Path err = dir.resolve(".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("PIPEKEEPER_CONFIG");
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the launcher finishes").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void relative_paths_in_the_arguments_are_relative_to_the_callers_directory() throws Exception {
        Path conf = SeedText.writeTo(dir.resolve("conf"));
        Files.move(conf, dir.resolve("conf/team.yaml"));

        Result result = launch("-c", "conf/team.yaml", "validate");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("ok: 5 pipelines, 4 people (2 warnings above)\n");
        assertThat(result.err()).as("the jar is fresh after the build: no rebuild").doesNotContain("building")
                .startsWith("conf/team.yaml:").contains("warning: 'email' is not configured");
    }

    @Test
    void a_bad_file_exits_with_2_and_located_messages_only() throws Exception {
        SeedText.writeTo(dir, SeedText.replace(SeedText.text(), "timezone: America/New_York", "timezone: America/NewYork"));

        Result result = launch("validate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("pipekeeper.yaml:").contains("(did you mean 'America/New_York'?)")
                .doesNotContain("Exception");
    }

    @Test
    void progress_goes_to_a_redirected_stderr_as_one_line_per_day_even_when_stdout_is_a_terminal() throws Exception {
        SeedText.writeTo(dir);
        // script(1) gives the command a terminal for standard input and output; standard error goes to a file.
        String command = "'" + LAUNCHER + "' data generate --from 2026-11-01 --to 2026-11-03 --scale 0.001 2>'" + dir.resolve(".progress.err") + "'";
        ProcessBuilder builder = new ProcessBuilder("script", "-qec", command, "/dev/null").directory(dir.toFile())
                .redirectOutput(dir.resolve(".progress.out").toFile()).redirectErrorStream(false);
        builder.environment().remove("PIPEKEEPER_CONFIG");
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();

        String err = Files.readString(dir.resolve(".progress.err"));
        assertThat(process.exitValue()).as(err + Files.readString(dir.resolve(".progress.out"))).isZero();
        assertThat(err).doesNotContain("\r").isEqualTo("[1/3] 2026-11-01\n[2/3] 2026-11-02\n[3/3] 2026-11-03\n");
    }

    @Test
    void demo_tells_the_story_then_serves_a_dashboard_where_the_newcomer_acknowledges_an_incident() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "demo").directory(dir.toFile())
                .redirectError(dir.resolve(".demo.err").toFile());
        builder.environment().remove("PIPEKEEPER_CONFIG");
        Process demo = builder.start();
        StringBuilder out = new StringBuilder();
        try {
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null && !line.contains("Ctrl-C stops the server.")) {
                out.append(line).append('\n');
            }
            assertThat(line).as("%s%s", out, Files.readString(dir.resolve(".demo.err"))).isNotNull();
            assertThat(dir.resolve("demo/pipekeeper.yaml")).exists();
            assertThat(out.toString()).contains(
                    "pipekeeper demo: team \"Data Engineering\" (America/New_York), 4 people, 5 pipelines",
                    "profit      unit_profit           experiments  john     emily",
                    "A fair proposal from skills and load",
                    "Next hand-offs (pipekeeper oncall schedule):",
                    "150 runs: 144 succeeded, 6 blocked",
                    "What the checks caught",
                    "Open incidents, one per cause, with their SLA clocks",
                    "Pages sent (email to an in-process SMTP server",
                    "email  [pipekeeper] 3 pages: [CRITICAL] ", // the three pages fell due together: one mail
                    "; [CRITICAL] unit_profit: run blocked for ",
                    "every message of an incident and what became of it: pipekeeper -c … incident show ID",
                    "Rehearse paging before it counts: examples/paging-drill/",
                    "If nobody acknowledges, 'pipekeeper scheduler' escalates: ",
                    "#3 resolved on its own: orders for ",
                    " arrived; re-ran unit_profit, aggregate_profit in ",
                    "1 recovery notice(s) sent to whoever was paged",
                    "signals → 3 incidents → 3 pages (",
                    "Runbooks, one per pipeline, in demo/runbooks/",
                    "State store: H2 ",
                    "The dashboard: http://127.0.0.1:");
            java.util.regex.Matcher login = java.util.regex.Pattern.compile("log in once with (http://127\\.0\\.0\\.1:\\d+)(/login/\\S+)")
                    .matcher(out);
            assertThat(login.find()).as(out.toString()).isTrue();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String linkPage = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(login.group(1) + login.group(2))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(linkPage).contains("Log in as john (admin)");
            java.net.http.HttpResponse<String> loggedIn = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(login.group(1) + login.group(2))).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(loggedIn.statusCode()).isEqualTo(303);
            String cookie = loggedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String overview = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(login.group(1) + "/")).header("Cookie", cookie)
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(overview).contains("Open incidents", "Aggregate profit", "On call now", "orders: not_null(user_id) failed for");
            String csrf = overview.replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
            java.net.http.HttpResponse<String> ack = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(login.group(1)
                            + "/incidents/1/ack")).header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf=" + csrf)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ack.statusCode()).isEqualTo(303);
            String incident = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(login.group(1) + "/incidents/1"))
                    .header("Cookie", cookie).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(incident).contains("acknowledged by john");
            assertThat(dir.resolve("demo/runbooks/aggregate_profit.md")).content().contains("## On-call procedure");
            String runbook = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(login.group(1) + "/runbooks/aggregate_profit"))
                    .header("Cookie", cookie).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(runbook).contains("<h1>Runbook: Aggregate profit", "<h2>What can go wrong</h2>");
        } finally {
            demo.destroy(); // SIGTERM, as Ctrl-C
        }
        assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("Ctrl-C stops it").isTrue();
        assertThat(dir.resolve("demo/.pipekeeper/pipekeeper.mv.db")).exists();
    }

    @Test
    void serve_answers_health_over_http_and_stops_cleanly_on_sigterm() throws Exception {
        SeedText.writeTo(dir);
        assertThat(launch("token", "create", "--name", "ci", "--role", "viewer", "--json").out()).contains("\"token\" : \"pk_");
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "serve", "--port", "0").directory(dir.toFile())
                .redirectError(dir.resolve(".serve.err").toFile());
        builder.environment().remove("PIPEKEEPER_CONFIG");
        Process serve = builder.start();
        try {
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            assertThat(first).as(Files.readString(dir.resolve(".serve.err"))).startsWith("pipekeeper serving http://127.0.0.1:");
            String base = first.substring("pipekeeper serving ".length(), first.indexOf(' ', "pipekeeper serving ".length()));
            java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("\"store\":\"reachable\"");
        } finally {
            serve.destroy(); // SIGTERM
        }
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("it stops on SIGTERM").isTrue();
        assertThat(Files.readString(dir.resolve(".serve.err"))).doesNotContain("Exception");
    }

    /**
     * A copy of the repository that a rebuild may rewrite without touching the build running this test: sources
     * and the built application copied with their times (so the copy starts fresh), release libraries hard-linked
     * (Maven never rewrites them).
     */
    private static Path copyOfRepository(Path to) throws IOException {
        Path repo = LAUNCHER.getParent();
        for (String file : List.of("pom.xml", "mvnw", "pipekeeper", "app/pom.xml", "spark/pom.xml", "bench/pom.xml", "dist/pom.xml")) {
            copy(repo.resolve(file), to.resolve(file));
        }
        for (String tree : List.of(".mvn", "app/src/main", "examples/seed", "app/target")) {
            try (var paths = Files.walk(repo.resolve(tree))) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    Path relative = repo.relativize(path);
                    if (relative.startsWith("app/target/launch") || relative.startsWith("app/target/test-classes")
                            || relative.startsWith("app/target/surefire-reports") || relative.startsWith("app/target/failsafe-reports")) {
                        continue;
                    }
                    Path copy = to.resolve(relative.toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(copy);
                    } else if (relative.startsWith("app/target/lib") && !relative.toString().contains("SNAPSHOT")) {
                        Files.createLink(copy, path);
                    } else {
                        copy(path, copy);
                    }
                }
            }
            try (var paths = Files.walk(repo.resolve(tree))) { // folders last: a file copied in changes its folder's time
                for (Path path : (Iterable<Path>) paths.filter(Files::isDirectory)::iterator) {
                    Path copy = to.resolve(repo.relativize(path).toString());
                    if (Files.isDirectory(copy)) {
                        Files.setLastModifiedTime(copy, Files.getLastModifiedTime(path));
                    }
                }
            }
        }
        return to.resolve("pipekeeper");
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static java.net.http.HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private Process validate(Path launcher, Path work, String name) throws IOException {
        ProcessBuilder validate = new ProcessBuilder(launcher.toString(), "validate").directory(work.toFile())
                .redirectOutput(dir.resolve("." + name + ".out").toFile()).redirectError(dir.resolve("." + name + ".err").toFile());
        validate.environment().remove("PIPEKEEPER_CONFIG");
        return validate.start();
    }

    @Test
    void a_rebuild_while_commands_run_leaves_them_running_and_every_launch_on_a_whole_jar() throws Exception {
        Path launcher = copyOfRepository(dir.resolve("repo"));
        Path work = Files.createDirectories(dir.resolve("work"));
        SeedText.writeTo(work);
        ProcessBuilder tokenCommand = new ProcessBuilder(launcher.toString(), "token", "create", "--name", "ci", "--role", "viewer")
                .directory(work.toFile()).redirectError(dir.resolve(".token.err").toFile());
        tokenCommand.environment().remove("PIPEKEEPER_CONFIG");
        Process created = tokenCommand.start();
        String token = new String(created.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(); // the token alone
        assertThat(created.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(Files.readString(dir.resolve(".token.err"))).as("the copy starts fresh: no build").doesNotContain("building");
        assertThat(token).matches("pk_[A-Za-z0-9_-]{43}");

        ProcessBuilder serveCommand = new ProcessBuilder(launcher.toString(), "serve", "--port", "0").directory(work.toFile())
                .redirectError(dir.resolve(".serve.err").toFile());
        serveCommand.environment().remove("PIPEKEEPER_CONFIG");
        Process serve = serveCommand.start();
        try {
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(first).as(Files.readString(dir.resolve(".serve.err"))).startsWith("pipekeeper serving http://127.0.0.1:");
            String base = first.substring("pipekeeper serving ".length(), first.indexOf(' ', "pipekeeper serving ".length()));
            Path current = dir.resolve("repo/app/target/launch/current");
            String before = Files.isSymbolicLink(current) ? Files.readSymbolicLink(current).toString() : "none";

            // The jar the running serve was started from, as its command line names it.
            List<String> serveArgs = List.of(Files.readString(Path.of("/proc/" + serve.pid() + "/cmdline")).split("\0"));
            Path serveJar = Path.of(serveArgs.get(serveArgs.indexOf("-jar") + 1));
            String serveJarBefore = sha256(serveJar);

            // A source saved: the next launch rebuilds; launches during the rebuild wait for it and build nothing more.
            Path source = dir.resolve("repo/app/src/main/java/io/pipekeeper/cli/Main.java");
            Files.setLastModifiedTime(source, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
            Process rebuild = validate(launcher, work, "rebuild");
            StringBuilder errors = new StringBuilder();
            int during = 0;
            while (rebuild.isAlive()) {
                assertThat(get(base + "/health", null).statusCode()).as("serve answers during the rebuild").isEqualTo(200);
                Process launch = validate(launcher, work, "during" + during);
                assertThat(launch.waitFor(3, TimeUnit.MINUTES)).isTrue();
                String err = Files.readString(dir.resolve(".during" + during + ".err"));
                assertThat(launch.exitValue()).as("launch %d during the rebuild: %s", during, err).isZero();
                assertThat(Files.readString(dir.resolve(".during" + during + ".out"))).startsWith("ok: 5 pipelines, 4 people");
                errors.append(err);
                during++;
            }
            assertThat(rebuild.exitValue()).as(Files.readString(dir.resolve(".rebuild.err"))).isZero();
            assertThat(Files.readString(dir.resolve(".rebuild.out"))).startsWith("ok: 5 pipelines, 4 people");
            errors.append(Files.readString(dir.resolve(".rebuild.err")));
            assertThat(during).as("launches made during the rebuild").isPositive();
            assertThat(errors.toString()).as("one build for all").containsOnlyOnce("building pipekeeper…")
                    .doesNotContain("corrupt", "Exception", "Error");
            assertThat(sha256(serveJar)).as("the running serve's jar %s is never rewritten", serveJar).isEqualTo(serveJarBefore);

            // The old serve loads classes it never needed before (the API description, a login page) from its own jar.
            java.net.http.HttpResponse<String> openApi = get(base + "/openapi.json", token);
            assertThat(openApi.statusCode()).as(openApi.body()).isEqualTo(200);
            assertThat(openApi.body()).contains("\"openapi\"");
            assertThat(get(base + "/login", null).body()).contains("Log in");
            assertThat(Files.readSymbolicLink(current).toString()).as("the new build is current").isNotEqualTo(before);
            assertThat(current.resolveSibling(before)).as("serve still runs from its own build").isDirectory();
        } finally {
            serve.destroy();
        }
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve(".serve.err"))).doesNotContain("Exception", "NoClassDefFoundError");
    }
}
