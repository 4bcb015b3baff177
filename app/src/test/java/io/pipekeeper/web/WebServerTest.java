package io.pipekeeper.web;

import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.Kind;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipekeeper.App;
import io.pipekeeper.access.ApiTokens;
import io.pipekeeper.access.Role;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.notify.ActionLinks;
import io.pipekeeper.sample.SampleData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on a free port, called over real HTTP: who may call what, what bad input gets, and the links of pages. */
class WebServerTest {
    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static App app;
    private static WebServer server;
    private static Map<Role, String> tokens;
    private static String investorsToken;

    @BeforeAll
    static void start() {
        app = new App(new ConfigLoader().load(SeedText.writeTo(dir), "pipekeeper.yaml"), Map.of());
        app.sampleData().generate(new SampleData.Options(LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 7), 0.002, 1, List.of()), day -> { });
        ApiTokens apiTokens = new ApiTokens(app.store().jdbi());
        investorsToken = apiTokens.create("board-deck", Role.VIEWER, List.of("investors"), NOW);
        tokens = Map.of(Role.VIEWER, apiTokens.create("grafana", Role.VIEWER, List.of(), NOW),
                Role.RESPONDER, apiTokens.create("oncall-bot", Role.RESPONDER, List.of(), NOW),
                Role.ADMIN, apiTokens.create("ops", Role.ADMIN, List.of(), NOW));
        server = WebServer.start(app, "127.0.0.1", 0, () -> Optional.of(NOW), () -> NOW);
    }

    @AfterAll
    static void stop() {
        server.close();
        app.close();
    }

    private static Incident open(String title) {
        return app.incidentActions().open(title, "critical", "aggregate_growth", "michael", NOW);
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void every_route_but_health_and_the_signed_links_refuses_an_anonymous_caller() throws Exception {
        assertThat(server.routes()).hasSizeGreaterThan(5);
        for (Route route : server.routes()) {
            String path = route.path().replace("{id}", "1").replace("{token}", "not-a-token").replace("{pipeline}", "unit_profit")
                    .replace("{id}", "unit_profit");
            HttpResponse<String> response = call(route.method().name(), path, null, "{}");
            switch (route.access()) {
                case PUBLIC -> assertThat(response.statusCode()).as(path).isEqualTo(200);
                case LINK -> assertThat(response.statusCode()).as("%s %s without a valid link", route.method(), path).isEqualTo(403);
                case PAGE_VIEWER, PAGE_RESPONDER -> {
                    assertThat(response.statusCode()).as("%s %s anonymous", route.method(), path).isEqualTo(302);
                    assertThat(response.headers().firstValue("Location")).contains("/login");
                }
                default -> {
                    assertThat(response.statusCode()).as("%s %s anonymous", route.method(), path).isEqualTo(401);
                    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
                    assertThat(call(route.method().name(), path, "pk_made-up", "{}").statusCode()).as("%s with a made-up token", path)
                            .isEqualTo(401);
                }
            }
        }
    }

    @Test
    void a_viewer_reads_a_responder_answers_and_each_role_is_held_to_its_routes() throws Exception {
        Incident incident = open("investors see no growth numbers");
        String ack = "/api/incidents/" + incident.id() + "/ack";

        HttpResponse<String> list = call("GET", "/api/incidents", tokens.get(Role.VIEWER), null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).get("incidents")).anySatisfy(i -> assertThat(i.get("id").asLong()).isEqualTo(incident.id()));

        HttpResponse<String> forbidden = call("POST", ack, tokens.get(Role.VIEWER), "{\"by\":\"john\"}");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(json(forbidden).get("error").asText()).isEqualTo("the token 'grafana' is a viewer; this needs a responder");

        HttpResponse<String> answered = call("POST", ack, tokens.get(Role.RESPONDER), "{\"by\":\"john\"}");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(json(answered).get("status").asText()).isEqualTo("acknowledged");
        assertThat(json(answered).get("acknowledged_by").asText()).isEqualTo("john");

        HttpResponse<String> again = call("POST", ack, tokens.get(Role.ADMIN), "{\"by\":\"emily\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("error").asText()).contains("already acknowledged (by john)");

        JsonNode shown = json(call("GET", "/api/incidents/" + incident.id(), tokens.get(Role.VIEWER), null));
        assertThat(shown.get("timeline")).anySatisfy(e -> assertThat(e.get("text").asText()).isEqualTo("acknowledged by john"));
    }

    @Test
    void bad_input_gets_a_400_that_names_the_field_and_never_a_500() throws Exception {
        Incident incident = open("a question from finance");
        String token = tokens.get(Role.RESPONDER);
        String resolve = "/api/incidents/" + incident.id() + "/resolve";

        assertThat(json(call("POST", resolve, token, "{\"by\": ")).at("/errors/body/0").asText()).startsWith("the body is not JSON");
        assertThat(json(call("POST", resolve, token, "[1, 2]")).at("/errors/body/0").asText()).startsWith("the body must be a JSON object");
        assertThat(json(call("POST", resolve, token, "{\"by\": 5}")).at("/errors/by/0").asText()).isEqualTo("must be a string, not number");
        assertThat(json(call("POST", resolve, token, "{}")).at("/errors/by/0").asText()).isEqualTo("required: a string");
        assertThat(json(call("POST", resolve, token, "{\"by\": \"jon\"}")).at("/errors/by/0").asText())
                .isEqualTo("'jon' is not a person in team.people (did you mean 'john'?)");
        assertThat(json(call("POST", "/api/incidents/" + incident.id() + "/severity", token, "{\"by\":\"john\",\"severity\":\"huge\"}"))
                .at("/errors/severity/0").asText()).startsWith("'huge' is not a severity; the severities are critical, major, minor");
        assertThat(call("POST", "/api/incidents/abc/resolve", token, "{\"by\":\"john\"}").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/incidents/99999/resolve", token, "{\"by\":\"john\"}").statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/incidents?status=closed", token, null).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/oncall/now?at=yesterday", token, null).statusCode()).isEqualTo(400);
        assertThat(call("POST", resolve, token, "{\"by\":\"" + "x".repeat(2_000_000) + "\"}").statusCode()).isEqualTo(413);
        assertThat(call("GET", "/api/nothing-here", token, null).statusCode()).isEqualTo(404);
        assertThat(app.incidentStore().find(incident.id()).orElseThrow().status()).as("none of that changed it").isEqualTo(Incident.Status.TRIGGERED);
    }

    @Test
    void incidents_merge_and_split_over_the_api_and_wrong_ids_get_a_400_with_the_reason() throws Exception {
        Incident survivor = open("revenue and growth both look off");
        Incident other = app.incidentActions().open("growth looks off", "major", "daily_growth", "michael", NOW);
        String token = tokens.get(Role.RESPONDER);
        String merge = "/api/incidents/" + survivor.id() + "/merge";

        assertThat(json(call("POST", merge, token, "{\"from\": \"x\", \"by\": \"john\"}")).at("/errors/from/0").asText())
                .isEqualTo("'x' is not an incident number");
        assertThat(json(call("POST", merge, token, "{\"from\": " + survivor.id() + ", \"by\": \"john\"}")).at("/errors/from/0").asText())
                .startsWith("an incident cannot be merged into itself");
        assertThat(json(call("POST", merge, token, "{\"from\": 99999, \"by\": \"john\"}")).at("/errors/from/0").asText())
                .startsWith("no incident #99999");
        HttpResponse<String> merged = call("POST", merge, token, "{\"from\": " + other.id() + ", \"by\": \"john\"}");
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        assertThat(json(merged).get("impacts")).extracting(i -> i.get("subject").asText()).containsExactly("daily_growth");
        assertThat(call("POST", merge, tokens.get(Role.VIEWER), "{\"from\": 1, \"by\": \"john\"}").statusCode()).isEqualTo(403);

        String split = "/api/incidents/" + survivor.id() + "/split";
        assertThat(json(call("POST", split, token, "{\"subject\": \"aggregate_growth\", \"by\": \"john\"}")).at("/errors/subject/0").asText())
                .contains("would leave #" + survivor.id() + " with nothing");
        HttpResponse<String> splitOut = call("POST", split, token, "{\"subject\": \"daily_growth\", \"by\": \"john\"}");
        assertThat(splitOut.statusCode()).as(splitOut.body()).isEqualTo(200);
        assertThat(json(splitOut).get("subject").asText()).isEqualTo("daily_growth");
        assertThat(json(splitOut).get("severity").asText()).isEqualTo("major");
    }

    @Test
    void the_noise_report_is_served_as_json_and_a_bad_range_is_a_400() throws Exception {
        open("noise to count");
        JsonNode noise = json(call("GET", "/api/reports/noise?from=2026-12-01&to=2026-12-02", tokens.get(Role.VIEWER), null));
        assertThat(noise.get("from").asText()).isEqualTo("2026-12-01");
        assertThat(noise.get("incidents").asInt()).isPositive();
        assertThat(noise.get("headline").asText()).contains("incident");
        assertThat(json(call("GET", "/api/reports/noise?from=yesterday", tokens.get(Role.VIEWER), null)).at("/errors/from/0").asText())
                .isEqualTo("'yesterday' is not a date; write YYYY-MM-DD");
        assertThat(call("GET", "/api/reports/noise?from=2026-12-05&to=2026-12-01", tokens.get(Role.VIEWER), null).statusCode()).isEqualTo(400);
    }

    @Test
    void who_is_on_call_at_an_instant() throws Exception {
        JsonNode now = json(call("GET", "/api/oncall/now?at=2026-12-02T10:00", tokens.get(Role.VIEWER), null));
        assertThat(now.get("primary").asText()).isEqualTo("john");
        assertThat(now.get("secondary").asText()).isEqualTo("emily");
        assertThat(now.get("at").asText()).isEqualTo("2026-12-02T15:00:00Z");
    }

    @Test
    void a_signed_link_shows_what_it_will_do_and_does_it_only_when_asked() throws Exception {
        Incident incident = open("profit dashboard is empty");
        ActionLinks links = app.store().jdbi().inTransaction(handle -> ActionLinks.load(handle, Optional.of("http://localhost")));
        String url = links.link("ack", incident.id(), "emily", NOW.plusSeconds(3600)).orElseThrow();
        String path = URI.create(url).getPath();

        HttpResponse<String> shown = call("GET", path, null, null);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("Acknowledge incident #" + incident.id(), "<form method=\"post\">", "Acknowledge as emily");
        assertThat(app.incidentStore().find(incident.id()).orElseThrow().status()).as("opening the link changes nothing")
                .isEqualTo(Incident.Status.TRIGGERED);

        assertThat(call("POST", path, null, "").statusCode()).isEqualTo(200);
        Incident acknowledged = app.incidentStore().find(incident.id()).orElseThrow();
        assertThat(acknowledged.status()).isEqualTo(Incident.Status.ACKNOWLEDGED);
        assertThat(acknowledged.acknowledgedBy()).contains("emily");

        assertThat(call("POST", path, null, "").statusCode()).as("the second time there is nothing to do").isEqualTo(409);
        String tampered = path.substring(0, path.length() - 2) + (path.endsWith("A") ? "BB" : "AA");
        assertThat(call("POST", tampered, null, "").statusCode()).isEqualTo(403);
    }

    @Test
    void the_noise_link_of_a_page_records_what_its_person_said_and_the_latest_answer_stands() throws Exception {
        Incident incident = open("growth dips every night at 02:00");
        ActionLinks links = app.store().jdbi().inTransaction(handle -> ActionLinks.load(handle, Optional.of("http://localhost")));
        String noise = URI.create(links.link("noise", incident.id(), "john", NOW.plusSeconds(3600)).orElseThrow()).getPath();
        String useful = URI.create(links.link("useful", incident.id(), "john", NOW.plusSeconds(3600)).orElseThrow()).getPath();

        assertThat(call("GET", noise, null, null).body()).contains("Call the page noise as john");
        assertThat(new io.pipekeeper.incident.PageFeedback(app.store().jdbi()).of(incident.id()).values()).as("opening it records nothing")
                .containsOnly(0);
        HttpResponse<String> said = call("POST", noise, null, "");
        assertThat(said.statusCode()).isEqualTo(200);
        assertThat(said.body()).contains("recorded as noise, for john");
        assertThat(new io.pipekeeper.incident.PageFeedback(app.store().jdbi()).of(incident.id()))
                .containsEntry(io.pipekeeper.incident.PageFeedback.Verdict.NOISE, 1);
        assertThat(call("POST", useful, null, "").statusCode()).isEqualTo(200);
        assertThat(new io.pipekeeper.incident.PageFeedback(app.store().jdbi()).of(incident.id()))
                .containsEntry(io.pipekeeper.incident.PageFeedback.Verdict.USEFUL, 1).containsEntry(io.pipekeeper.incident.PageFeedback.Verdict.NOISE, 0);
        assertThat(app.incidentStore().timeline(incident.id())).extracting(Incident.Event::text)
                .contains("john said the page was noise", "john said the page was useful");
        assertThat(app.incidentStore().find(incident.id()).orElseThrow().status()).as("feedback answers nothing").isEqualTo(Incident.Status.TRIGGERED);
    }

    @Test
    void health_says_whether_the_store_answers_and_the_loops_run() throws Exception {
        JsonNode health = json(call("GET", "/health", null, null));
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("store").asText()).isEqualTo("reachable");
        assertThat(health.get("loops").asText()).isEqualTo("alive");
        try (WebServer idle = WebServer.start(app, "127.0.0.1", 0, Optional::empty, () -> NOW)) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + idle.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json(response).get("loops").asText()).isEqualTo("not started");
        }
        HttpResponse<String> ready = call("GET", "/ready", null, null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("schema").asText()).isEqualTo("current");
    }

    @Test
    void ready_says_no_when_a_newer_version_migrated_the_store(@org.junit.jupiter.api.io.TempDir Path other) throws Exception {
        try (App newer = new App(new ConfigLoader().load(SeedText.writeTo(other), "pipekeeper.yaml"), Map.of());
             WebServer server = WebServer.start(newer, "127.0.0.1", 0, Optional::empty, () -> NOW)) {
            newer.store().jdbi().useHandle(h -> h.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " installed_by, execution_time, success) VALUES (999, '999', 'from a newer pipekeeper', 'SQL', 'V999__x.sql', 'sa', 1, TRUE)"));
            HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(json(ready).get("schema").asText()).startsWith("not current");
        }
    }

    @Test
    void a_revoked_token_is_refused() throws Exception {
        ApiTokens apiTokens = new ApiTokens(app.store().jdbi());
        String token = apiTokens.create("temporary", Role.VIEWER, List.of(), NOW);
        assertThat(call("GET", "/api/incidents", token, null).statusCode()).isEqualTo(200);
        assertThat(apiTokens.revoke("temporary", NOW)).isTrue();
        assertThat(call("GET", "/api/incidents", token, null).statusCode()).isEqualTo(401);
        assertThat(apiTokens.list()).filteredOn(t -> t.name().equals("temporary")).singleElement()
                .satisfies(t -> assertThat(t.revokedAt()).isPresent());
    }

    @Test
    void changes_and_denials_are_in_the_audit_log_which_only_an_admin_reads() throws Exception {
        Incident incident = open("margin looks wrong");
        call("POST", "/api/incidents/" + incident.id() + "/resolve", tokens.get(Role.RESPONDER), "{\"by\":\"david\",\"note\":\"re-ran\"}");
        call("POST", "/api/incidents/" + incident.id() + "/ack", tokens.get(Role.VIEWER), "{\"by\":\"david\"}");

        assertThat(call("GET", "/api/audit", tokens.get(Role.RESPONDER), null).statusCode()).isEqualTo(403);
        JsonNode entries = json(call("GET", "/api/audit", tokens.get(Role.ADMIN), null)).get("entries");
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("oncall-bot");
            assertThat(e.get("action").asText()).isEqualTo("resolve");
            assertThat(e.get("target").asText()).isEqualTo("incident #" + incident.id());
            assertThat(e.get("detail").asText()).isEqualTo("by david");
            assertThat(e.get("address").asText()).isEqualTo("127.0.0.1");
            assertThat(e.get("outcome").asText()).isEqualTo("done");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("grafana");
            assertThat(e.get("target").asText()).isEqualTo("/api/incidents/" + incident.id() + "/ack");
            assertThat(e.get("outcome").asText()).isEqualTo("denied");
        });
    }

    @Test
    void a_responder_runs_a_day_and_anyone_may_read_the_runs_but_investor_metrics_need_their_scope() throws Exception {
        HttpResponse<String> started = call("POST", "/api/runs", tokens.get(Role.RESPONDER), "{\"date\": \"2026-11-07\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(json(started).get("runs")).hasSize(5).allSatisfy(run -> assertThat(run.get("status").asText()).isEqualTo("succeeded"));

        String viewer = tokens.get(Role.VIEWER);
        assertThat(json(call("GET", "/api/runs?from=2026-11-01&to=2026-11-30&pipeline=unit_profit", viewer, null)).get("runs")).hasSize(1);
        JsonNode pipelines = json(call("GET", "/api/pipelines", viewer, null)).get("pipelines");
        assertThat(pipelines).hasSize(5).allSatisfy(p -> assertThat(p.at("/last_run/date").asText()).isEqualTo("2026-11-07"));
        assertThat(json(call("GET", "/api/checks?date=2026-11-07", viewer, null)).get("results")).isNotEmpty();
        HttpResponse<String> runbook = call("GET", "/api/runbooks/unit_profit", viewer, null);
        assertThat(runbook.headers().firstValue("Content-Type").orElse("")).startsWith("text/markdown");
        assertThat(runbook.body()).startsWith("# Runbook: Unit-level profit").contains("## What can go wrong");
        assertThat(json(call("GET", "/api/oncall/schedule?from=2026-12-01T00:00&to=2026-12-31T00:00", viewer, null)).get("segments"))
                .isNotEmpty();

        JsonNode experiments = json(call("GET", "/api/metrics/unit_profit?from=2026-11-07&to=2026-11-07", viewer, null));
        assertThat(experiments.get("rows")).isNotEmpty().allSatisfy(row -> assertThat(row.has("revenue")).isTrue());
        HttpResponse<String> denied = call("GET", "/api/metrics/aggregate_profit?from=2026-11-07&to=2026-11-07", viewer, null);
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json(denied).get("error").asText()).isEqualTo("aggregate_profit reports to investors: its values need a token with the investors scope");
        JsonNode investors = json(call("GET", "/api/metrics/aggregate_profit?from=2026-11-07&to=2026-11-07", investorsToken, null));
        assertThat(investors.get("rows")).singleElement().satisfies(row -> assertThat(row.has("profit")).isTrue());

        JsonNode audit = json(call("GET", "/api/audit", tokens.get(Role.ADMIN), null)).get("entries");
        assertThat(audit).anySatisfy(e -> assertThat(e.get("actor").asText() + " " + e.get("action").asText() + " " + e.get("target").asText())
                .isEqualTo("board-deck read metrics aggregate_profit"));

        assertThat(json(call("POST", "/api/runs", tokens.get(Role.RESPONDER), "{\"date\": \"2026-13-01\"}")).at("/errors/date/0").asText())
                .isEqualTo("'2026-13-01' is not a day; write 2026-12-25");
        assertThat(json(call("POST", "/api/runs", tokens.get(Role.RESPONDER), "{\"from\": \"2026-01-01\", \"to\": \"2026-12-01\"}"))
                .at("/errors/to/0").asText()).isEqualTo("at most 31 days at a time");
        assertThat(json(call("POST", "/api/runs", tokens.get(Role.RESPONDER), "{\"pipeline\": \"unit_proft\", \"date\": \"2026-11-07\"}"))
                .at("/errors/pipeline/0").asText()).isEqualTo("'unit_proft' is not a pipeline (did you mean 'unit_profit'?)");
        assertThat(call("POST", "/api/runs", viewer, "{\"date\": \"2026-11-07\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void the_openapi_description_is_valid_and_lists_exactly_the_servers_routes_with_what_they_take_answer_and_need() throws Exception {
        String text = call("GET", "/openapi.json", tokens.get(Role.VIEWER), null).body();
        io.swagger.v3.parser.core.models.SwaggerParseResult parsed = new io.swagger.v3.parser.OpenAPIV3Parser().readContents(text, null, null);
        assertThat(parsed.getMessages()).as("the parser's complaints").isEmpty();
        io.swagger.v3.oas.models.OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        assertThat(api.getComponents().getSecuritySchemes()).containsOnlyKeys("bearer", "session");
        assertThat(api.getComponents().getSecuritySchemes().get("session").getName()).isEqualTo("pk_session");

        java.util.Set<String> described = new java.util.TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> described.add(method.name() + " " + path)));
        java.util.Set<String> served = new java.util.TreeSet<>();
        server.routes().forEach(route -> served.add(route.method().name() + " " + route.path()));
        assertThat(described).as("every route of the server, and no other").isEqualTo(served);

        for (Route route : server.routes()) {
            io.swagger.v3.oas.models.Operation operation = api.getPaths().get(route.path()).readOperationsMap()
                    .get(io.swagger.v3.oas.models.PathItem.HttpMethod.valueOf(route.method().name()));
            String shown = route.method() + " " + route.path();
            assertThat(operation.getSummary()).as(shown).isEqualTo(route.summary());
            assertThat(operation.getExtensions().get("x-pipekeeper-access")).as(shown).isEqualTo(route.access().name().toLowerCase());
            if (route.access().role().isPresent()) {
                assertThat(operation.getSecurity()).as(shown).singleElement().satisfies(requirement -> assertThat(requirement)
                        .containsEntry(route.access().page() ? "session" : "bearer", List.of(route.access().role().get().name().toLowerCase())));
            } else {
                assertThat(operation.getSecurity()).as(shown).isEmpty();
            }
            assertThat(operation.getResponses()).as(shown).containsKey(Integer.toString(route.doc().status())).containsKey("400");
            if (route.method().name().equals("POST") && route.path().startsWith("/api/")) {
                assertThat(operation.getRequestBody().getContent().get("application/json").getSchema().getProperties()).as(shown).isNotEmpty();
            }
        }
        io.swagger.v3.oas.models.Operation ack = api.getPaths().get("/api/incidents/{id}/ack").getPost();
        assertThat(ack.getRequestBody().getContent().get("application/json").getSchema().getRequired()).containsExactly("by");
        assertThat(api.getPaths().get("/api/incidents").getGet().getResponses().get("200").getContent().get("application/json").getSchema()
                .getProperties()).containsKey("incidents");
    }

    @Test
    void prometheus_reads_the_teams_figures_from_metrics() throws Exception {
        open("a page for the metrics");
        HttpResponse<String> scraped = call("GET", "/metrics", tokens.get(Role.VIEWER), null);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(scraped.body()).containsPattern("pipekeeper_open_incidents\\{severity=\"critical\",status=\"triggered\"} [1-9]")
                .contains("# TYPE pipekeeper_runs gauge", "pipekeeper_loop_lag_seconds 0.0");
        assertThat(call("GET", "/metrics", null, null).statusCode()).isEqualTo(401);

        // A run a killed process left has no wall time; the scrape goes on without it (it failed with a 500 for good).
        app.runStore().start("aggregate_engagement", LocalDate.of(2026, 11, 30), "duckdb", NOW);
        app.runStore().closeInterrupted(NOW);
        HttpResponse<String> afterKill = call("GET", "/metrics", tokens.get(Role.VIEWER), null);
        assertThat(afterKill.statusCode()).as(afterKill.body()).isEqualTo(200);
        assertThat(afterKill.body()).contains("pipekeeper_runs{pipeline=\"aggregate_engagement\",status=\"failed\"} 1.0");
    }

    @Test
    void metrics_are_a_services_the_jvm_the_pool_the_build_and_histograms_of_the_work_and_promtool_finds_nothing_wrong() throws Exception {
        app.pipelineRunner().run(List.of("daily_growth"), LocalDate.of(2026, 11, 5));
        app.deliveryLoop(); // its channels' series exist from the start

        String scraped = call("GET", "/metrics", tokens.get(Role.VIEWER), null).body();

        assertThat(scraped).contains("# TYPE pipekeeper_run_duration_seconds histogram",
                        "# TYPE pipekeeper_check_duration_seconds histogram", "pipekeeper_check_duration_seconds_bucket{on=\"source\",le=\"30.0\"}",
                        "# TYPE jvm_memory_used_bytes gauge", "process_uptime_seconds", "hikaricp_connections{pool=\"pipekeeper-store\"}")
                .containsPattern("pipekeeper_run_duration_seconds_count\\{pipeline=\"daily_growth\",status=\"succeeded\"} [1-9]")
                .containsPattern("pipekeeper_build_info\\{java=\"[^\"]+\",version=\"[^\"]+\"} 1\\b");
        Path promtool = Path.of("/usr/bin/promtool");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(promtool), "Debian's prometheus (promtool) is not installed");
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(scraped.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String said = new String(check.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(said).isZero();
        assertThat(said).as("promtool's lint").isEmpty();
    }

    @Test
    void a_responder_overrides_on_call_and_a_change_that_leaves_a_role_empty_is_refused() throws Exception {
        String responder = tokens.get(Role.RESPONDER);
        HttpResponse<String> made = call("POST", "/api/oncall/overrides", responder,
                "{\"role\":\"primary\",\"person\":\"david\",\"from\":\"2026-12-03T09:00\",\"to\":\"2026-12-04T09:00\",\"by\":\"john\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(json(call("GET", "/api/oncall/now?at=2026-12-03T12:00", responder, null)).get("primary").asText()).isEqualTo("david");

        HttpResponse<String> refused = call("POST", "/api/oncall/time-off", responder,
                "{\"person\":\"david\",\"from\":\"2026-12-03\",\"to\":\"2026-12-03\",\"by\":\"david\"}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).get("error").asText()).startsWith("refused: david is on call by an override");
        assertThat(json(call("POST", "/api/oncall/overrides", responder, "{\"role\":\"boss\",\"person\":\"david\",\"from\":\"x\","
                + "\"to\":\"y\",\"by\":\"john\"}")).at("/errors/role/0").asText()).isEqualTo("'boss' is not primary or secondary");
        assertThat(call("POST", "/api/oncall/overrides", tokens.get(Role.VIEWER), "{}").statusCode()).isEqualTo(403);
    }

    @Test
    void a_one_time_link_starts_a_session_whose_forms_need_their_csrf_token() throws Exception {
        Incident incident = open("the dashboard test");
        String link = new io.pipekeeper.access.Sessions(app.store().jdbi()).loginLink("emily", Role.RESPONDER, List.of(), NOW);
        for (int opened = 0; opened < 2; opened++) { // a mail scanner, then the person
            HttpResponse<String> page = call("GET", "/login/" + link, null, null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Set-Cookie")).as("opening a link starts no session").isEmpty();
            assertThat(page.body()).contains("Log in as emily (responder)", "<form method=\"post\">");
        }
        HttpResponse<String> login = call("POST", "/login/" + link, null, null);
        assertThat(login.statusCode()).isEqualTo(303);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(DashboardRoutes.SESSION_COOKIE + "=").contains("HttpOnly", "SameSite=Strict");
        String session = cookie.substring(0, cookie.indexOf(';'));
        assertThat(call("POST", "/login/" + link, null, null).statusCode()).as("a link works once").isEqualTo(403);
        assertThat(call("GET", "/login/" + link, null, null).statusCode()).as("and says so when opened again").isEqualTo(403);

        HttpResponse<String> overview = page("GET", "/", session, null);
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("On call now", "Open incidents", "the dashboard test", "emily (responder)");
        String csrf = overview.body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");

        assertThat(page("POST", "/incidents/" + incident.id() + "/ack", session, "csrf=forged").statusCode()).isEqualTo(403);
        assertThat(page("POST", "/incidents/" + incident.id() + "/ack", session, "csrf=" + csrf).statusCode()).isEqualTo(303);
        assertThat(app.incidentStore().find(incident.id()).orElseThrow().acknowledgedBy()).contains("emily");
        assertThat(page("GET", "/incidents/" + incident.id(), session, null).body()).contains("Acknowledged by emily");
        assertThat(page("GET", "/oncall?month=2026-12", session, null).body()).contains("Christmas", "john");
        assertThat(page("GET", "/pipelines/unit_profit", session, null).statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("<meta http-equiv=\"refresh\" content=\"30\">");
        assertThat(page("GET", "/oncall?month=soon", session, null).statusCode()).isEqualTo(400);
    }

    private static HttpResponse<String> page(String method, String path, String cookie, String form) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).header("Cookie", cookie)
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void every_api_route_admits_exactly_the_roles_that_include_its_own() throws Exception {
        for (Route route : server.routes()) {
            Optional<Role> needed = route.access().role();
            if (needed.isEmpty() || route.access().page()) {
                continue;
            }
            String path = route.path().replace("{id}", "99999").replace("{pipeline}", "unit_profit");
            for (Role role : Role.values()) {
                int status = call(route.method().name(), path, tokens.get(role), "{}").statusCode();
                if (role.includes(needed.get())) {
                    assertThat(status).as("%s %s as a %s", route.method(), path, role).isNotIn(401, 403);
                } else {
                    assertThat(status).as("%s %s as a %s", route.method(), path, role).isEqualTo(403);
                }
            }
        }
    }

    @Test
    void a_calendar_feed_lives_at_a_secret_address_until_it_is_revoked() throws Exception {
        io.pipekeeper.access.CalendarFeeds feeds = new io.pipekeeper.access.CalendarFeeds(app.store().jdbi());
        String token = feeds.create("emily", NOW);
        HttpResponse<String> feed = call("GET", "/calendar/" + token + ".ics", null, null);
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("text/calendar");
        assertThat(feed.body()).startsWith("BEGIN:VCALENDAR").contains("BEGIN:VEVENT", "emily");
        assertThat(feeds.revoke("emily", NOW)).isEqualTo(1);
        assertThat(call("GET", "/calendar/" + token + ".ics", null, null).statusCode()).isEqualTo(403);
    }

    @Test
    void signals_are_filtered_by_time_kind_and_subject_in_the_store_and_capped() throws Exception {
        var runs = app.runStore();
        Instant at = Instant.parse("2026-06-01T12:00:00Z");
        for (int i = 0; i < 5; i++) {
            runs.signals().raise(new PendingSignal(Kind.SCHEMA_DRIFT, "orders", null, "drift " + i, Map.of()), at.plusSeconds(i));
        }
        runs.signals().raise(new PendingSignal(Kind.ANOMALY, "orders", null, "few rows", Map.of()), at.plusSeconds(2));
        runs.signals().raise(new PendingSignal(Kind.SCHEMA_DRIFT, "customers", null, "drift c", Map.of()), at.plusSeconds(3));
        String viewer = tokens.get(Role.VIEWER);
        String window = "/api/signals?from=2026-06-01T12:00:00Z&to=2026-06-01T12:00:04Z";

        assertThat(json(call("GET", window, viewer, null)).get("signals")).hasSize(6);
        JsonNode drift = json(call("GET", window + "&kind=schema_drift&subject=orders", viewer, null)).get("signals");
        assertThat(drift).extracting(node -> node.get("detail").asText()).containsExactly("drift 0", "drift 1", "drift 2", "drift 3");
        JsonNode capped = json(call("GET", window + "&kind=schema_drift&limit=2", viewer, null));
        assertThat(capped.get("signals")).extracting(node -> node.get("detail").asText()).containsExactly("drift 0", "drift 1");
        assertThat(capped.get("truncated").asBoolean()).isTrue();
        assertThat(json(call("GET", window, viewer, null)).get("truncated").asBoolean()).isFalse();

        assertThat(json(call("GET", window + "&limit=0", viewer, null)).at("/errors/limit/0").asText()).startsWith("'0' is not a number from 1 to");
        assertThat(call("GET", window + "&limit=99999999999", viewer, null).statusCode()).isEqualTo(400);
        assertThat(json(call("GET", "/api/signals?from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z", viewer, null)).at("/errors/to/0").asText())
                .contains("is before from");
    }

    @Test
    void a_port_already_taken_is_a_clear_error_and_the_only_message() {
        var javalinLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.javalin");
        var logged = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        logged.start();
        javalinLog.addAppender(logged);
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebServer.start(app, "127.0.0.1", server.port(), Optional::empty, () -> NOW))
                    .isInstanceOf(io.pipekeeper.PipekeeperException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + server.port())
                    .hasMessageEndingWith("choose --port or --bind");
        } finally {
            javalinLog.detachAppender(logged);
        }
        assertThat(logged.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).isEmpty();
    }

    @Test
    void maintenance_windows_and_snoozes_over_the_api() throws Exception {
        String token = tokens.get(Role.RESPONDER);
        HttpResponse<String> started = call("POST", "/api/maintenance", token,
                "{\"scope\": \"aggregate_growth\", \"for\": \"2h\", \"reason\": \"warehouse upgrade\", \"by\": \"john\"}");
        assertThat(started.statusCode()).isEqualTo(201);
        assertThat(json(started).get("end").asText()).isEqualTo(NOW.plusSeconds(7200).toString());
        assertThat(json(call("GET", "/api/maintenance", tokens.get(Role.VIEWER), null)).get("windows"))
                .anySatisfy(w -> assertThat(w.get("reason").asText()).isEqualTo("warehouse upgrade"));
        Incident held = open("growth numbers look odd");
        assertThat(app.incidentStore().timeline(held.id())).extracting(Incident.Event::text)
                .anySatisfy(t -> assertThat(t).startsWith("opened during maintenance of aggregate_growth (warehouse upgrade)"));
        assertThat(json(call("POST", "/api/maintenance", token, "{\"scope\": \"nothing\", \"for\": \"2h\", \"reason\": \"x\", \"by\": \"john\"}"))
                .at("/errors/scope/0").asText()).startsWith("'nothing' is neither a pipeline nor a source");
        assertThat(json(call("POST", "/api/maintenance", token, "{\"scope\": \"all\", \"for\": \"soon\", \"reason\": \"x\", \"by\": \"john\"}"))
                .at("/errors/for/0").asText()).startsWith("'soon' is not a duration");
        HttpResponse<String> ended = call("POST", "/api/maintenance/end", token, "{\"scope\": \"aggregate_growth\", \"by\": \"john\"}");
        assertThat(json(ended).get("ended")).hasSize(1);
        assertThat(app.incidentStore().timeline(held.id())).extracting(Incident.Event::text)
                .anySatisfy(t -> assertThat(t).isEqualTo("the maintenance of aggregate_growth was ended by john: the policy starts now"));

        HttpResponse<String> snoozed = call("POST", "/api/incidents/" + held.id() + "/snooze", token, "{\"by\": \"john\", \"for\": \"1h\"}");
        assertThat(json(snoozed).get("status").asText()).isEqualTo("acknowledged");
        assertThat(io.pipekeeper.incident.EscalationTimers.waiting(app.store().jdbi())).noneMatch(t -> t.incidentId() == held.id());
        HttpResponse<String> escalated = call("POST", "/api/incidents/" + held.id() + "/escalate", token, "{\"by\": \"john\"}");
        assertThat(json(escalated).get("status").asText()).as("an escalation by hand ends the snooze").isEqualTo("triggered");
    }
}
