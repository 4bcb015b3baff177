package io.pipekeeper.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.pipekeeper.DrillClock;
import io.pipekeeper.notify.TwilioSignature;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios 1 and 4 of the paging drill through the real processes, as a team would run a drill: {@code pipekeeper
 * serve} and {@code pipekeeper scheduler} started by the launcher with {@code PIPEKEEPER_CLOCK}, the clock moved by
 * {@code pipekeeper clock}, alerts raised by {@code pipekeeper alert raise}, and replies posted to the server over HTTP.
 */
class RealProcessesDrillIT {
    private static final Path LAUNCHER = Path.of(System.getProperty("pipekeeper.repo", "..")).resolve("pipekeeper").toAbsolutePath().normalize();
    private static final Path FIXTURE = Path.of(System.getProperty("pipekeeper.repo", "..")).resolve("examples/paging-drill").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    private final List<Process> running = new ArrayList<>();
    private Map<String, String> environment;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : running) {
            process.destroy();
        }
        for (Process process : running) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void serve_and_scheduler_page_on_the_drill_clock_and_take_a_reply_over_http() throws Exception {
        DrillClock clock = new DrillClock(dir.resolve("clock.txt"));
        clock.set(Drill.instant("2026-01-06T10:00"));
        try (TwilioSink twilio = new TwilioSink(clock::now)) {
            Files.writeString(dir.resolve("pipekeeper.yaml"), Files.readString(FIXTURE.resolve("pipekeeper.yaml"))
                    .replace("port: 3025", "port: " + smtp.getSmtp().getPort()).replace("http://127.0.0.1:3080", twilio.base()));
            Files.createDirectories(dir.resolve("pipelines"));
            for (String sql : List.of("ingest.sql", "billing.sql")) {
                Files.copy(FIXTURE.resolve("pipelines").resolve(sql), dir.resolve("pipelines").resolve(sql));
            }
            environment = Map.of(DrillClock.VARIABLE, clock.file().toString(), "TWILIO_ACCOUNT_SID", "ACdrill", "TWILIO_AUTH_TOKEN", Drill.AUTH_TOKEN);
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            start("serve", "--port", String.valueOf(port));
            start("scheduler");
            waitForHealth(port);

            assertThat(launch("clock", "show")).contains("2026-01-06T16:00Z");
            String raised = launch("alert", "raise", "--pipeline", "ingest", "--severity", "critical", "--key", "k1", "--summary", "ingest lag");
            long id = Long.parseLong(raised.replaceAll("(?s)^incident #(\\d+) opened.*", "$1"));
            assertThat(awaitTaken(twilio, 2)).containsExactlyInAnyOrder("sms +13125550101", "call +13125550101");

            launch("clock", "advance", "9m");
            quiet(twilio, 2);
            launch("clock", "advance", "1m");
            assertThat(awaitTaken(twilio, 4).subList(2, 4)).as("bob at 10:10, by the scheduler or the server")
                    .containsExactlyInAnyOrder("sms +13125550102", "call +13125550102");

            assertThat(reply(port, "+13125550102", id + "a")).isEqualTo("<Response><Message>acknowledged #" + id + "</Message></Response>");
            launch("clock", "set", "2026-01-06T10:20:00-06:00");
            quiet(twilio, 4);
            assertThat(smtp.getReceivedMessages()).as("the owners were not mailed: bob acknowledged").isEmpty();
            assertThat(launch("incident", "show", String.valueOf(id))).contains("acknowledged by bob");
        }
    }

    private void start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "-c", "pipekeeper.yaml"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve(args[0] + ".out").toFile()).redirectError(dir.resolve(args[0] + ".err").toFile());
        builder.environment().putAll(environment);
        running.add(builder.start());
    }

    private String launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "-c", "pipekeeper.yaml"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("pipekeeper %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    private void waitForHealth(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the server is starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("serve did not answer /health: " + Files.readString(dir.resolve("serve.err")));
    }

    private static List<String> awaitTaken(TwilioSink twilio, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (twilio.taken.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        return twilio.taken.stream().map(t -> t.kind() + " " + t.to()).toList();
    }

    private static void quiet(TwilioSink twilio, int count) throws InterruptedException {
        Thread.sleep(2500);
        assertThat(twilio.taken).as("nothing more is sent").hasSize(count);
    }

    private static String reply(int port, String from, String body) throws Exception {
        Map<String, String> form = Map.of("From", from, "Body", body);
        Map<String, List<String>> fields = new TreeMap<>();
        form.forEach((k, v) -> fields.put(k, List.of(v)));
        String encoded = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/twilio/sms"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", TwilioSignature.of(Drill.AUTH_TOKEN, "http://drill.example/hooks/twilio/sms", fields))
                .POST(HttpRequest.BodyPublishers.ofString(encoded)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
