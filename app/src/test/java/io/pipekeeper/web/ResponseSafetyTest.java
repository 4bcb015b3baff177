package io.pipekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.App;
import io.pipekeeper.access.LoginAttempts;
import io.pipekeeper.access.Role;
import io.pipekeeper.access.Sessions;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.Incident;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every response carries whoever answers it, and what outside text cannot do to a page. */
class ResponseSafetyTest {
    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static App app;
    private static WebServer server;

    @BeforeAll
    static void start() {
        app = new App(new ConfigLoader().load(SeedText.writeTo(dir), "pipekeeper.yaml"), Map.of());
        server = WebServer.start(app, "127.0.0.1", 0, () -> Optional.of(NOW), () -> NOW);
    }

    @AfterAll
    static void stop() {
        server.close();
        app.close();
    }

    private static HttpResponse<String> call(WebServer to, String method, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path))
                .method(method, HttpRequest.BodyPublishers.ofString("{}"));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String session(String person) throws Exception {
        String link = new Sessions(app.store().jdbi()).loginLink(person, Role.RESPONDER, List.of(), NOW);
        String cookie = call(server, "POST", "/login/" + link, null).headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    @Test
    void every_response_whoever_answers_it_carries_the_security_headers_and_text_names_its_charset() throws Exception {
        String session = session("john");
        List<String> paths = new java.util.ArrayList<>(List.of("/no/such/route", "/incidents/999999", "/runbooks/no_such_pipeline"));
        for (Route route : server.routes()) {
            paths.add(route.method().name() + " " + route.path().replace("{id}", "1").replace("{token}", "not-a-token")
                    .replace("{pipeline}", "unit_profit"));
        }
        for (String entry : paths) {
            String method = entry.contains(" ") ? entry.substring(0, entry.indexOf(' ')) : "GET";
            String path = entry.contains(" ") ? entry.substring(entry.indexOf(' ') + 1) : entry;
            for (String cookie : java.util.Arrays.asList(null, session)) {
                HttpResponse<String> response = call(server, method, path, cookie);
                var headers = response.headers();
                String what = method + " " + path + (cookie == null ? "" : " logged in") + " → " + response.statusCode();
                assertThat(headers.firstValue("Content-Security-Policy")).as(what).contains(SecurityHeaders.CONTENT_SECURITY_POLICY);
                assertThat(headers.firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'").doesNotContain("script-src");
                assertThat(headers.firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
                assertThat(headers.firstValue("X-Frame-Options")).as(what).contains("DENY");
                assertThat(headers.firstValue("Referrer-Policy")).as(what).contains("no-referrer");
                assertThat(headers.firstValue("Cache-Control")).as(what).contains("no-store");
                headers.firstValue("Content-Type").filter(type -> type.startsWith("text/")).ifPresent(type ->
                        assertThat(type.toLowerCase()).as(what).contains("charset=utf-8"));
            }
        }
        assertThat(call(server, "GET", "/", session).headers().firstValue("Content-Type").orElseThrow().replace(" ", ""))
                .isEqualToIgnoringCase("text/html;charset=utf-8");
    }

    @Test
    void a_javascript_link_in_outside_text_never_reaches_a_runbook_page_as_a_link() throws Exception {
        Incident incident = app.incidentActions().open("[open the report](javascript:alert(document.cookie)) <script>alert(1)</script>",
                "minor", "aggregate_profit", "john", NOW);
        app.incidentActions().resolve(incident.id(), "john", "fixed, see [the fix](javascript:alert(1)) and <img src=x onerror=alert(2)>", NOW);

        String page = call(server, "GET", "/runbooks/aggregate_profit", session("emily")).body();
        assertThat(page).contains("the fix", "open the report").doesNotContainIgnoringCase("href=\"javascript:")
                .doesNotContain("<script>", "<img src=x");
        assertThat(app.runbooks().html("aggregate_profit", NOW)).doesNotContainIgnoringCase("javascript:alert");
    }

    @Test
    void two_servers_on_one_store_share_the_login_throttle() throws Exception {
        try (WebServer second = WebServer.start(app, "127.0.0.1", 0, () -> Optional.of(NOW), () -> NOW.plusSeconds(1))) {
            new LoginAttempts(app.store().jdbi()).allow("127.0.0.1", NOW.minusSeconds(120)); // long gone: does not count
            int refusedAt = -1;
            for (int attempt = 0; attempt < LoginAttempts.PER_MINUTE + 1; attempt++) {
                WebServer to = attempt % 2 == 0 ? server : second;
                if (call(to, "GET", "/login/guess-" + attempt, null).statusCode() == 429) {
                    refusedAt = attempt;
                    break;
                }
            }
            // The other tests of this class may have used a few of this minute's attempts, never more than the share.
            assertThat(refusedAt).as("refused once both servers together saw %d", LoginAttempts.PER_MINUTE).isBetween(1, LoginAttempts.PER_MINUTE);
            assertThat(call(second, "GET", "/login/one-more", null).statusCode()).isEqualTo(429);
            assertThat(call(server, "GET", "/login/one-more", null).statusCode()).isEqualTo(429);
        }
    }
}
