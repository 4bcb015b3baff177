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
        assertThat(result.out()).isEqualTo("ok: 5 pipelines, 4 people\n");
        assertThat(result.err()).as("the jar is fresh after the build: no rebuild").isEmpty();
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
                    "Open incidents, with their SLA clocks",
                    "Pages sent (email to an in-process SMTP server",
                    "email  [CRITICAL] unit_profit: run blocked for ",
                    "If nobody acknowledges, 'pipekeeper scheduler' escalates: ",
                    "Runbooks, one per pipeline, in demo/runbooks/",
                    "State store: H2 ",
                    "The dashboard: http://127.0.0.1:");
            java.util.regex.Matcher login = java.util.regex.Pattern.compile("log in once with (http://127\\.0\\.0\\.1:\\d+)(/login/\\S+)")
                    .matcher(out);
            assertThat(login.find()).as(out.toString()).isTrue();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> loggedIn = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(login.group(1) + login.group(2))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(loggedIn.statusCode()).isEqualTo(303);
            String cookie = loggedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String overview = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(login.group(1) + "/")).header("Cookie", cookie)
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(overview).contains("Open incidents", "Aggregate profit", "On call now", "unit_profit is blocked for");
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
}
