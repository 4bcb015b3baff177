package io.pipekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pipekeeper.App;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.Incident;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus Alertmanager (Debian's prometheus-alertmanager; CI installs it, else this test is skipped)
 * sends its webhook, with a bearer secret, to pipekeeper's hook: an alert fired into it becomes an incident, and
 * its resolution resolves the incident.
 */
class AlertmanagerTest {
    private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Optional<Incident> await(Supplier<Optional<Incident>> found) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Incident> incident = found.get();
            if (incident.isPresent()) {
                return incident;
            }
            Thread.sleep(200);
        }
        return Optional.empty();
    }

    private static void alert(int port, String endsAt) throws Exception {
        String body = "[{\"labels\": {\"alertname\": \"ProfitStale\", \"severity\": \"critical\"},"
                + " \"annotations\": {\"summary\": \"profit table not refreshed for 2 h\"}"
                + (endsAt == null ? "" : ", \"endsAt\": \"" + endsAt + "\"") + "}]";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/alerts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void an_alert_fired_into_alertmanager_opens_an_incident_and_its_resolution_resolves_it() throws Exception {
        assumeTrue(Files.isExecutable(ALERTMANAGER), "Debian's prometheus-alertmanager is not installed");
        String text = SeedText.replace(SeedText.text(), "version: 1\n\n", "version: 1\n\nintegrations:\n"
                + "  prometheus: {type: alertmanager, secret: \"${env:AM_SECRET}\", pipeline: aggregate_profit}\n\n");
        App app = new App(new ConfigLoader().load(SeedText.writeTo(dir, text), "pipekeeper.yaml"), Map.of("AM_SECRET", "am-secret-0123456789"));
        int alertmanagerPort = freePort();
        Process alertmanager = null;
        try (WebServer server = WebServer.start(app, "127.0.0.1", 0, () -> Optional.of(Instant.now()), Instant::now)) {
            Path config = Files.writeString(dir.resolve("alertmanager.yml"), """
                    route:
                      receiver: pipekeeper
                      group_by: [alertname]
                      group_wait: 1s
                      group_interval: 1s
                      repeat_interval: 1h
                    receivers:
                      - name: pipekeeper
                        webhook_configs:
                          - url: http://127.0.0.1:%d/hooks/prometheus
                            send_resolved: true
                            http_config:
                              authorization:
                                type: Bearer
                                credentials: am-secret-0123456789
                    """.formatted(server.port()));
            alertmanager = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + config, "--storage.path=" + dir.resolve("am-data"),
                    "--web.listen-address=127.0.0.1:" + alertmanagerPort, "--cluster.listen-address=")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
            long ready = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            boolean up = false;
            while (!up && System.nanoTime() < ready) {
                try {
                    up = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + alertmanagerPort + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (java.io.IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertThat(up).as(Files.readString(dir.resolve("alertmanager.log"))).isTrue();

            alert(alertmanagerPort, null);
            Optional<Incident> opened = await(() -> {
                app.incidentLoop().runOnce(Instant.now());
                return app.incidentStore().list(true).stream().filter(i -> i.title().startsWith("[prometheus] ProfitStale")).findFirst();
            });
            assertThat(opened).as(Files.readString(dir.resolve("alertmanager.log"))).hasValueSatisfying(incident -> {
                assertThat(incident.subject()).isEqualTo("aggregate_profit");
                assertThat(incident.severity()).isEqualTo("critical");
                assertThat(incident.title()).contains("profit table not refreshed for 2 h");
            });

            alert(alertmanagerPort, Instant.now().toString());
            Optional<Incident> resolved = await(() -> app.incidentStore().find(opened.get().id()).filter(i -> !i.open()));
            assertThat(resolved).as(Files.readString(dir.resolve("alertmanager.log"))).hasValueSatisfying(incident ->
                    assertThat(incident.resolvedBy()).contains("prometheus"));
        } finally {
            if (alertmanager != null) {
                alertmanager.destroy();
                alertmanager.waitFor();
            }
            app.close();
        }
    }
}
