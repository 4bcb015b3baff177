package io.pipekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.pipekeeper.App;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.notify.SlackSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slack app and Teams against Slack- and Teams-shaped servers on loopback: a page with buttons in the team's
 * channel and by direct message, a click acting as the person mapped to it, the message updated in place and the
 * incident followed in its thread, Slack's signature checked on every request, and the slash command.
 */
class SlackAppTest {
    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");
    private static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String BOT_TOKEN = "xoxb-0001-s3cret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final SlackShaped slack = new SlackShaped();
    private App app;
    private WebServer server;

    @BeforeEach
    void start() {
        String text = SeedText.replace(SeedText.text(), "version: 1\n\n", "version: 1\n\nbase_url: \"https://pipekeeper.example.com\"\n"
                + "channels:\n  slack:\n    app: {bot_token: \"${env:SLACK_BOT_TOKEN}\", signing_secret: \"${env:SLACK_SIGNING_SECRET}\", channel: C0TEAM01,"
                + " api_base: \"" + slack.base() + "/api\"}\n"
                + "  teams: {webhook: \"" + slack.base() + "/teams/workflow\"}\n\n");
        text = SeedText.replace(text, "      phone: \"+15550100001\"\n", "      phone: \"+15550100001\"\n      slack_id: U0JOHN\n");
        text = SeedText.replace(text, "{after: 0m,   notify: [oncall.primary],                    via: [email, phone]}",
                "{after: 0m, notify: [oncall.primary, team], via: [slack, teams]}");
        app = new App(new ConfigLoader().load(SeedText.writeTo(dir, text), "pipekeeper.yaml"),
                Map.of("SLACK_BOT_TOKEN", BOT_TOKEN, "SLACK_SIGNING_SECRET", SIGNING_SECRET));
        server = WebServer.start(app, "127.0.0.1", 0, () -> Optional.of(NOW), () -> NOW);
    }

    @AfterEach
    void stop() {
        server.close();
        app.close();
        slack.close();
    }

    @Test
    void slacks_published_signing_example_is_verified_and_any_change_or_delay_is_refused() {
        String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar"
                + "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
                + "%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        String signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
        Instant sent = Instant.ofEpochSecond(1531420618);
        assertThat(SlackSignature.of(SIGNING_SECRET, "1531420618", body)).isEqualTo(signature);
        assertThat(SlackSignature.refusal(SIGNING_SECRET, "1531420618", body, signature, sent.plusSeconds(299))).isEmpty();
        assertThat(SlackSignature.refusal(SIGNING_SECRET, "1531420618", body + "x", signature, sent)).get().asString().contains("does not match");
        assertThat(SlackSignature.refusal(SIGNING_SECRET, "1531420618", body, signature, sent.plusSeconds(301))).get().asString()
                .contains("301 s from now");
        assertThat(SlackSignature.refusal(SIGNING_SECRET, null, body, signature, sent)).get().asString().contains("not signed by Slack");
    }

    @Test
    void a_page_with_buttons_a_click_as_the_person_the_message_updated_in_place_and_every_later_event_in_its_thread() throws Exception {
        Incident incident = app.incidentActions().open("profit numbers look doubled", "critical", "aggregate_profit", "emily", NOW);
        app.deliveryLoop().runOnce(NOW);

        List<SlackShaped.Call> posts = slack.at("/api/chat.postMessage");
        assertThat(posts).hasSize(2).allSatisfy(call -> assertThat(call.headers().get("authorization")).isEqualTo("Bearer " + BOT_TOKEN));
        JsonNode team = posts.stream().map(SlackShaped.Call::json).filter(json -> json.path("channel").asText().equals("C0TEAM01")).findFirst().orElseThrow();
        JsonNode direct = posts.stream().map(SlackShaped.Call::json).filter(json -> json.path("channel").asText().equals("U0JOHN")).findFirst().orElseThrow();
        for (JsonNode message : List.of(team, direct)) {
            assertThat(message.path("text").asText()).startsWith("*[CRITICAL] aggregate_profit: profit numbers look doubled");
            assertThat(buttons(message)).containsExactly("ack", "resolve", "escalate", "snooze", "noise");
            assertThat(message.at("/blocks/1/elements/0/text").asText()).isEqualTo("*#" + incident.id() + "* · Not acknowledged yet");
        }
        JsonNode card = slack.at("/teams/workflow").get(0).json();
        assertThat(card.at("/attachments/0/contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(card.at("/attachments/0/content/type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.at("/attachments/0/content/body/0/text").asText()).startsWith("[CRITICAL] aggregate_profit: profit numbers look doubled");
        assertThat(card.at("/attachments/0/content/actions/0/type").asText()).isEqualTo("Action.OpenUrl");
        assertThat(card.at("/attachments/0/content/actions/0/url").asText()).isEqualTo("https://pipekeeper.example.com/incidents/" + incident.id());

        HttpResponse<String> click = interactive(click("U0JOHN", "ack", incident.id()), NOW);
        assertThat(click.statusCode()).isEqualTo(200);
        assertThat(app.incidentStore().find(incident.id()).orElseThrow().acknowledgedBy()).contains("john");
        assertThat(slack.at("/respond")).as("a click that worked needs no answer: the message shows it").isEmpty();

        app.incidentLoop().runOnce(NOW);
        app.deliveryLoop().runOnce(NOW);
        String teamTs = "1000.%06d".formatted(posts.stream().map(SlackShaped.Call::json).toList().indexOf(team) + 1);
        List<JsonNode> replies = slack.at("/api/chat.postMessage").stream().map(SlackShaped.Call::json)
                .filter(json -> json.path("thread_ts").asText().equals(teamTs)).toList();
        assertThat(replies).extracting(json -> json.path("text").asText()).anySatisfy(t -> assertThat(t).endsWith("· acknowledged by john"));
        List<JsonNode> updates = slack.at("/api/chat.update").stream().map(SlackShaped.Call::json).toList();
        assertThat(updates).extracting(json -> json.path("channel").asText()).containsExactlyInAnyOrder("C0TEAM01", "D0U0JOHN");
        assertThat(updates).allSatisfy(update -> {
            assertThat(update.at("/blocks/1/elements/0/text").asText()).startsWith("*#" + incident.id() + "* · Acknowledged by john, Wed 10:00 EST");
            assertThat(buttons(update)).as("still open: the buttons stay").contains("resolve");
        });

        assertThat(interactive(click("U0JOHN", "ack", incident.id()), NOW).statusCode()).isEqualTo(200);
        assertThat(slack.at("/respond")).hasSize(1);
        assertThat(slack.at("/respond").get(0).json().path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(slack.at("/respond").get(0).json().path("text").asText()).contains("already acknowledged (by john)");

        assertThat(interactive(click("U0JOHN", "resolve", incident.id()), NOW).statusCode()).isEqualTo(200);
        app.incidentLoop().runOnce(NOW);
        app.deliveryLoop().runOnce(NOW);
        assertThat(slack.at("/api/chat.postMessage").stream().map(SlackShaped.Call::json).filter(json -> json.path("thread_ts").asText().equals(teamTs))
                .map(json -> json.path("text").asText())).anySatisfy(t -> assertThat(t).contains("resolved by john: from Slack"));
        JsonNode last = slack.at("/api/chat.update").get(slack.at("/api/chat.update").size() - 1).json();
        assertThat(last.at("/blocks/1/elements/0/text").asText()).contains("Resolved by john");
        assertThat(buttons(last)).as("a resolved incident's buttons go").isEmpty();
        assertThat(slack.at("/api/chat.postMessage").stream().map(call -> call.json().path("text").asText()))
                .as("the thread tells it, not a second message to the channel").noneMatch(t -> t.startsWith("*[RESOLVED]"));
    }

    @Test
    void the_noise_button_records_that_the_page_should_not_have_been_sent_and_answers_only_the_clicker() throws Exception {
        Incident incident = app.incidentActions().open("engagement dips at 02:00", "minor", "aggregate_engagement", "emily", NOW);
        assertThat(interactive(click("U0JOHN", "noise", incident.id()), NOW).statusCode()).isEqualTo(200);
        assertThat(new io.pipekeeper.incident.PageFeedback(app.store().jdbi()).of(incident.id()))
                .containsEntry(io.pipekeeper.incident.PageFeedback.Verdict.NOISE, 1);
        assertThat(slack.at("/respond").get(0).json().path("text").asText()).startsWith("Recorded: #" + incident.id() + "'s page was noise, for john");
        assertThat(app.incidentStore().find(incident.id()).orElseThrow().status()).isEqualTo(Incident.Status.TRIGGERED);
    }

    @Test
    void an_unknown_slack_user_is_told_so_and_nothing_is_done_and_unsigned_stale_or_forged_clicks_are_refused() throws Exception {
        Incident incident = app.incidentActions().open("engagement table late", "major", "aggregate_engagement", "emily", NOW);
        assertThat(interactive(click("U0STRANGER", "resolve", incident.id()), NOW).statusCode()).isEqualTo(200);
        assertThat(slack.at("/respond").get(0).json().path("text").asText()).contains("does not know you", "slack_id: U0STRANGER");
        assertThat(app.incidentStore().find(incident.id()).orElseThrow().status()).isEqualTo(Incident.Status.TRIGGERED);

        String body = "payload=" + URLEncoder.encode(click("U0JOHN", "resolve", incident.id()), StandardCharsets.UTF_8);
        String stamp = String.valueOf(NOW.getEpochSecond());
        assertThat(post("/hooks/slack/interactive", body, Map.of()).statusCode()).isEqualTo(401);
        assertThat(post("/hooks/slack/interactive", body, Map.of("X-Slack-Request-Timestamp", stamp,
                "X-Slack-Signature", SlackSignature.of("another secret", stamp, body))).statusCode()).isEqualTo(401);
        String old = String.valueOf(NOW.minusSeconds(301).getEpochSecond());
        HttpResponse<String> stale = post("/hooks/slack/interactive", body, Map.of("X-Slack-Request-Timestamp", old,
                "X-Slack-Signature", SlackSignature.of(SIGNING_SECRET, old, body)));
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(stale.body()).contains("more than 5 minutes old");
        assertThat(app.incidentStore().find(incident.id()).orElseThrow().status()).isEqualTo(Incident.Status.TRIGGERED);
    }

    @Test
    void the_slash_command_says_who_is_on_call_and_what_is_open_in_the_channel() throws Exception {
        app.incidentActions().open("growth numbers flat", "minor", "aggregate_growth", "emily", NOW);
        JsonNode oncall = JSON.readTree(command("oncall").body());
        assertThat(oncall.path("response_type").asText()).isEqualTo("in_channel");
        assertThat(oncall.path("text").asText()).startsWith("On call for Data Engineering now: primary *John*, secondary *");
        JsonNode open = JSON.readTree(command("incidents").body());
        assertThat(open.path("text").asText()).startsWith("1 open:\n• *#").contains("minor · growth numbers flat · triggered");
        JsonNode help = JSON.readTree(command("").body());
        assertThat(help.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(help.path("text").asText()).contains("/pipekeeper oncall", "/pipekeeper incidents");
    }

    private static List<String> buttons(JsonNode message) {
        return StreamSupport.stream(message.path("blocks").spliterator(), false).filter(block -> block.path("type").asText().equals("actions"))
                .flatMap(block -> StreamSupport.stream(block.path("elements").spliterator(), false)).map(button -> button.path("action_id").asText())
                .toList();
    }

    private String click(String user, String action, long incident) {
        return """
                {"type": "block_actions", "user": {"id": "%s", "username": "someone"}, "api_app_id": "A0001", "team": {"id": "T0001"},
                 "container": {"type": "message", "channel_id": "C0TEAM01", "message_ts": "1000.000001"}, "channel": {"id": "C0TEAM01"},
                 "response_url": "%s/respond/T0001/1", "trigger_id": "1.2.3",
                 "actions": [{"type": "button", "action_id": "%s", "block_id": "incident-%d", "value": "%d", "action_ts": "1733151600.1"}]}
                """.formatted(user, slack.base(), action, incident, incident);
    }

    private HttpResponse<String> interactive(String payload, Instant at) throws IOException, InterruptedException {
        return signed("/hooks/slack/interactive", "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8), at);
    }

    private HttpResponse<String> command(String text) throws IOException, InterruptedException {
        return signed("/hooks/slack/commands", "token=x&team_id=T0001&channel_id=C0TEAM01&user_id=U0JOHN&command=%2Fpipekeeper&text="
                + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&response_url=" + URLEncoder.encode(slack.base() + "/respond/c", StandardCharsets.UTF_8), NOW);
    }

    private HttpResponse<String> signed(String path, String body, Instant at) throws IOException, InterruptedException {
        String stamp = String.valueOf(at.getEpochSecond());
        return post(path, body, Map.of("X-Slack-Request-Timestamp", stamp, "X-Slack-Signature", SlackSignature.of(SIGNING_SECRET, stamp, body)));
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Slack's Web API and a Teams workflow as they answer: chat.postMessage gives the channel (a direct message's is
     * D + the user's id) and a ts counting up; chat.update and the response URL say ok.
     */
    static final class SlackShaped implements AutoCloseable {
        record Call(String path, Map<String, String> headers, String body) {
            JsonNode json() {
                try {
                    return JSON.readTree(body);
                } catch (IOException e) {
                    throw new IllegalStateException(body, e);
                }
            }
        }

        final List<Call> calls = new CopyOnWriteArrayList<>();
        private final HttpServer http;

        SlackShaped() {
            try {
                http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            http.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                        .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), e -> e.getValue().get(0), (a, b) -> a));
                String path = exchange.getRequestURI().getPath();
                calls.add(new Call(path, headers, body));
                String answer;
                if (path.endsWith("chat.postMessage")) {
                    String channel = JSON.readTree(body).path("channel").asText();
                    long posts = calls.stream().filter(c -> c.path().endsWith("chat.postMessage")).count();
                    answer = JSON.writeValueAsString(Map.of("ok", true, "channel", channel.startsWith("U") ? "D0" + channel : channel,
                            "ts", "1000.%06d".formatted(posts)));
                } else {
                    answer = "{\"ok\":true}";
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            http.start();
        }

        String base() {
            return "http://127.0.0.1:" + http.getAddress().getPort();
        }

        List<Call> at(String pathStart) {
            return calls.stream().filter(call -> call.path().startsWith(pathStart)).toList();
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
