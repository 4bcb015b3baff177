package io.pipekeeper.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.App;
import io.pipekeeper.access.ApiTokens;
import io.pipekeeper.access.Role;
import io.pipekeeper.web.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on the class path the Spark engine brings (PIPEKEEPER_SPARK=1): Spark depends on an older servlet API
 * than the server's Jetty, and the build must keep the server's, or every request fails with a 500.
 */
class ServeWithSparkTest {
    @TempDir
    Path dir;

    @Test
    void the_server_answers_with_spark_on_the_class_path() throws Exception {
        Instant now = Instant.now();
        try (App app = new App(SeedOnBothEngines.seed(dir, dir.resolve("data/raw"), text -> text), Map.of())) {
            String token = new ApiTokens(app.store().jdbi()).create("spark-check", Role.VIEWER, List.of(), now);
            try (WebServer server = WebServer.start(app, "127.0.0.1", 0, () -> Optional.of(Instant.now()), Instant::now)) {
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/api/pipelines")).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).contains("\"aggregate_profit\"");
            }
        }
    }
}
