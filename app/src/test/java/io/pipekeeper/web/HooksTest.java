package io.pipekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipekeeper.App;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.Incident;
import java.io.IOException;
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

/** Outside alerts through the server's hooks, as Alertmanager, PagerDuty and an OpenLineage client send them. */
class HooksTest {
    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> ENVIRONMENT = Map.of("AM_SECRET", "am-secret-0123456789", "PD_ROUTING_KEY", "R0UTINGKEY0123456789",
            "OL_API_KEY", "ol-key-0123456789abc", "TWILIO_AUTH_TOKEN", "tok-s3cret-42");

    @TempDir
    static Path dir;
    private static App app;
    private static WebServer server;

    @BeforeAll
    static void start() {
        String text = SeedText.replace(SeedText.text(), "version: 1\n\n", "version: 1\n\nintegrations:\n"
                + "  prometheus: {type: alertmanager, secret: \"${env:AM_SECRET}\", pipeline: aggregate_profit}\n"
                + "  pd: {type: pagerduty, secret: \"${env:PD_ROUTING_KEY}\"}\n"
                + "  lineage: {type: openlineage, secret: \"${env:OL_API_KEY}\"}\n"
                + "base_url: \"https://pipekeeper.example.com\"\n"
                + "channels:\n  phone:\n    twilio: {account_sid: AC0001, auth_token: \"${env:TWILIO_AUTH_TOKEN}\", from: \"+15550009999\"}\n\n");
        text = SeedText.replace(text, "  aggregate_growth:\n", "  aggregate_growth:\n    openlineage: {job: warehouse_growth_rollup}\n");
        app = new App(new ConfigLoader().load(SeedText.writeTo(dir, text), "pipekeeper.yaml"), ENVIRONMENT);
        server = WebServer.start(app, "127.0.0.1", 0, () -> Optional.of(NOW), () -> NOW);
    }

    @AfterAll
    static void stop() {
        server.close();
        app.close();
    }

    private static HttpResponse<String> post(String path, String bearer, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<Incident> incidentTitled(String start) {
        app.incidentLoop().runOnce(NOW);
        return app.incidentStore().list(false).stream().filter(i -> i.title().startsWith(start)).reduce((a, b) -> b);
    }

    private static String alertmanager(String status) {
        return """
                {"version": "4", "groupKey": "{}:{alertname=\\"ProfitStale\\"}", "status": "%s", "receiver": "pipekeeper",
                 "groupLabels": {"alertname": "ProfitStale"}, "commonLabels": {"alertname": "ProfitStale", "severity": "critical"},
                 "commonAnnotations": {"summary": "profit table not refreshed for 2 h"}, "externalURL": "http://alertmanager:9093",
                 "alerts": [{"status": "%s", "labels": {"alertname": "ProfitStale", "severity": "critical"},
                             "annotations": {"summary": "profit table not refreshed for 2 h"}, "startsAt": "2026-12-02T14:58:00Z",
                             "endsAt": "0001-01-01T00:00:00Z", "fingerprint": "c0ffee"}]}
                """.formatted(status, status);
    }

    @Test
    void an_alertmanager_group_opens_one_incident_on_its_pipeline_and_resolves_it_when_resolved() throws Exception {
        assertThat(post("/hooks/prometheus", null, alertmanager("firing")).statusCode()).isEqualTo(401);
        assertThat(post("/hooks/prometheus", "wrong", alertmanager("firing")).statusCode()).isEqualTo(401);
        assertThat(post("/hooks/prometheus", "am-secret-0123456789", "{\"status\": ").statusCode()).isEqualTo(400);

        assertThat(post("/hooks/prometheus", "am-secret-0123456789", alertmanager("firing")).statusCode()).isEqualTo(200);
        assertThat(post("/hooks/prometheus?token=am-secret-0123456789", null, alertmanager("firing")).statusCode())
                .as("senders that cannot set headers").isEqualTo(200);
        Incident incident = incidentTitled("[prometheus] ProfitStale").orElseThrow();
        assertThat(incident.subject()).isEqualTo("aggregate_profit");
        assertThat(incident.severity()).isEqualTo("critical");
        assertThat(incident.count()).as("the same group again is a repeat").isEqualTo(2);

        assertThat(post("/hooks/prometheus", "am-secret-0123456789", alertmanager("resolved")).body()).contains("\"resolved\"");
        Incident resolved = app.incidentStore().find(incident.id()).orElseThrow();
        assertThat(resolved.status()).isEqualTo(Incident.Status.RESOLVED);
        assertThat(resolved.resolvedBy()).contains("prometheus");
    }

    @Test
    void pagerduty_events_trigger_acknowledge_and_resolve_by_dedup_key() throws Exception {
        String trigger = """
                {"routing_key": "R0UTINGKEY0123456789", "event_action": "trigger", "dedup_key": "dbt-nightly-42",
                 "payload": {"summary": "dbt nightly failed on model growth_daily", "source": "dbt-cloud", "severity": "error"}}
                """;
        assertThat(post("/hooks/pd/v2/enqueue", null, trigger.replace("R0UTINGKEY0123456789", "nope")).statusCode()).isEqualTo(401);
        HttpResponse<String> accepted = post("/hooks/pd/v2/enqueue", null, trigger);
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(new ObjectMapper().readTree(accepted.body()).get("dedup_key").asText()).isEqualTo("dbt-nightly-42");
        Incident incident = incidentTitled("[pd] dbt nightly failed").orElseThrow();
        assertThat(incident.severity()).as("PagerDuty's error is our major").isEqualTo("major");

        post("/hooks/pd/v2/enqueue", null, "{\"routing_key\": \"R0UTINGKEY0123456789\", \"event_action\": \"acknowledge\", \"dedup_key\": \"dbt-nightly-42\"}");
        assertThat(app.incidentStore().find(incident.id()).orElseThrow().acknowledgedBy()).contains("pd");
        post("/hooks/pd/v2/enqueue", null, "{\"routing_key\": \"R0UTINGKEY0123456789\", \"event_action\": \"resolve\", \"dedup_key\": \"dbt-nightly-42\"}");
        assertThat(app.incidentStore().find(incident.id()).orElseThrow().status()).isEqualTo(Incident.Status.RESOLVED);
        assertThat(post("/hooks/pd/v2/enqueue", null, "{\"routing_key\": \"R0UTINGKEY0123456789\", \"event_action\": \"explode\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void openlineage_failures_and_failed_assertions_become_run_and_check_signals_of_the_named_pipeline() throws Exception {
        String event = """
                {"eventType": "FAIL", "eventTime": "2026-12-02T14:30:00Z", "producer": "https://github.com/OpenLineage/OpenLineage/tree/1.0/integration/airflow",
                 "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
                 "run": {"runId": "0193f1f0-7c1a-7f3e-9a55-1c2d3e4f5a6b", "facets": {"errorMessage": {"message": "division by zero", "programmingLanguage": "SQL"}}},
                 "job": {"namespace": "airflow", "name": "metrics.daily_growth"},
                 "inputs": [{"namespace": "warehouse", "name": "raw.users", "inputFacets": {"dataQualityAssertions": {"assertions": [
                     {"assertion": "not_null", "success": false, "column": "user_id"}, {"assertion": "unique", "success": true, "column": "user_id"}]}}}],
                 "outputs": []}
                """;
        assertThat(post("/hooks/lineage/api/v1/lineage", "ol-key-0123456789abc", event).body()).contains("\"signals\":2");
        assertThat(incidentTitled("[lineage] metrics.daily_growth failed: division by zero")).hasValueSatisfying(i -> {
            assertThat(i.subject()).isEqualTo("daily_growth");
            assertThat(i.kind()).isEqualTo("run_failed");
            assertThat(i.date()).contains(java.time.LocalDate.of(2026, 12, 2));
        });
        Incident failed = incidentTitled("[lineage] metrics.daily_growth failed: division by zero").orElseThrow();
        assertThat(app.incidentStore().impacts(failed.id())).as("the failed assertion on the same run is an impact of its failure, not a page")
                .singleElement().satisfies(impact -> {
                    assertThat(impact.kind()).isEqualTo("check_failed");
                    assertThat(impact.detail()).isEqualTo("[lineage] not_null(user_id) failed on raw.users");
                });
        assertThat(post("/hooks/lineage/api/v1/lineage", "ol-key-0123456789abc", event.replace("metrics.daily_growth", "unknown_job")).body())
                .contains("ignored");
        post("/hooks/lineage/api/v1/lineage", "ol-key-0123456789abc", event.replace("metrics.daily_growth", "warehouse_growth_rollup"));
        app.incidentLoop().runOnce(NOW);
        assertThat(app.incidentStore().impacts(failed.id())).as("openlineage.job names it aggregate_growth, downstream of daily_growth")
                .anySatisfy(impact -> assertThat(impact.subject()).isEqualTo("aggregate_growth"));
    }

    @Test
    void lineage_that_openlineage_reports_ties_a_failure_to_its_cause_where_the_configuration_does_not() throws Exception {
        String write = """
                {"eventType": "COMPLETE", "eventTime": "2026-12-03T06:00:00Z", "run": {"runId": "r-1"},
                 "job": {"namespace": "airflow", "name": "metrics.unit_profit"},
                 "inputs": [], "outputs": [{"namespace": "warehouse", "name": "metrics.unit_profit_daily"}]}
                """;
        post("/hooks/lineage/api/v1/lineage", "ol-key-0123456789abc", write);
        String fail = """
                {"eventType": "FAIL", "eventTime": "2026-12-03T07:00:00Z", "run": {"runId": "r-2", "facets": {"errorMessage": {"message": "%s"}}},
                 "job": {"namespace": "airflow", "name": "%s"},
                 "inputs": [%s], "outputs": []}
                """;
        post("/hooks/lineage/api/v1/lineage", "ol-key-0123456789abc", fail.formatted("disk full", "metrics.unit_profit", ""));
        post("/hooks/lineage/api/v1/lineage", "ol-key-0123456789abc", fail.formatted("no rows", "metrics.aggregate_engagement",
                "{\"namespace\": \"warehouse\", \"name\": \"metrics.unit_profit_daily\"}"));
        Incident cause = incidentTitled("[lineage] metrics.unit_profit failed: disk full").orElseThrow();

        assertThat(app.incidentStore().impacts(cause.id())).as("aggregate_engagement read unit_profit's output, by its own report")
                .extracting(io.pipekeeper.incident.Impact::subject).containsExactly("aggregate_engagement");
        assertThat(incidentTitled("[lineage] metrics.aggregate_engagement failed")).as("no incident, no page of its own").isEmpty();
    }

    @Test
    void no_hook_secret_reaches_the_audit_log_and_every_hook_refuses_without_one() throws Exception {
        for (String path : List.of("/hooks/prometheus", "/hooks/pd/v2/enqueue", "/hooks/lineage/api/v1/lineage")) {
            assertThat(post(path, null, "{}").statusCode()).as(path).isIn(400, 401);
        }
        assertThat(new io.pipekeeper.access.AuditLog(app.store().jdbi()).between(NOW.minusSeconds(60), NOW.plusSeconds(60)))
                .allSatisfy(e -> assertThat(e.toString()).doesNotContain("am-secret-0123456789", "R0UTINGKEY0123456789", "ol-key-0123456789abc"));
    }

    @Test
    void the_twilio_signature_is_the_one_twilios_documentation_computes() {
        // Twilio's documented example (Security: "Validating Signatures from Twilio").
        Map<String, List<String>> form = Map.of("CallSid", List.of("CA1234567890ABCDE"), "Caller", List.of("+12349013030"),
                "Digits", List.of("1234"), "From", List.of("+12349013030"), "To", List.of("+18005551212"));
        assertThat(io.pipekeeper.notify.TwilioSignature.of("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", form))
                .isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }

    private static HttpResponse<String> twilio(String pathAndQuery, Map<String, String> form, String token) throws Exception {
        Map<String, List<String>> fields = new java.util.TreeMap<>();
        form.forEach((k, v) -> fields.put(k, List.of(v)));
        String signature = io.pipekeeper.notify.TwilioSignature.of(token, "https://pipekeeper.example.com" + pathAndQuery, fields);
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_person_acknowledges_by_sms_reply_or_by_pressing_4_during_the_call_and_only_twilio_may_say_so() throws Exception {
        Incident first = app.incidentActions().open("answer me by SMS", "critical", "aggregate_profit", "john", NOW);
        Incident second = app.incidentActions().open("answer me by phone", "critical", "aggregate_profit", "john", NOW);

        assertThat(twilio("/hooks/twilio/sms", Map.of("From", "+15550100001", "Body", "ack " + first.id()), "not-the-token").statusCode())
                .isEqualTo(401);
        HttpResponse<String> reply = twilio("/hooks/twilio/sms", Map.of("From", "+15550100001", "Body", "ACK " + first.id()), "tok-s3cret-42");
        assertThat(reply.body()).isEqualTo("<Response><Message>acknowledged #" + first.id() + "</Message></Response>");
        assertThat(app.incidentStore().find(first.id()).orElseThrow().acknowledgedBy()).contains("john");
        assertThat(twilio("/hooks/twilio/sms", Map.of("From", "+19999999999", "Body", "ack " + first.id()), "tok-s3cret-42").body())
                .as("an unknown number learns nothing").isEqualTo("<Response></Response>");

        HttpResponse<String> pressed = twilio("/hooks/twilio/voice?incident=" + second.id(), Map.of("To", "+15550100001", "Digits", "4"),
                "tok-s3cret-42");
        assertThat(pressed.body()).isEqualTo("<Response><Say>acknowledged #" + second.id() + ".</Say></Response>");
        assertThat(app.incidentStore().find(second.id()).orElseThrow().status()).isEqualTo(Incident.Status.ACKNOWLEDGED);
        assertThat(io.pipekeeper.incident.PageTexts.twiml(app.catalog(), second))
                .contains("<Gather numDigits=\"1\" method=\"POST\" action=\"https://pipekeeper.example.com/hooks/twilio/voice?incident="
                        + second.id() + "\">", "Press 4 to acknowledge, 6 to resolve, 1 to hear this again.");
    }
}
