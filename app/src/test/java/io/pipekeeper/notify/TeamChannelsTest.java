package io.pipekeeper.notify;

import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.SignalStore;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentLoop;
import io.pipekeeper.incident.IncidentStore;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.signal.Signal;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.TestDatabases;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Slack and the signed webhook beside email and phone, every provider served locally; every log line of the
 * process is captured and searched for the secrets.
 */
class TeamChannelsTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Instant AT = Instant.parse("2026-12-02T15:00:00Z");
    private static final String TOKEN = "tok-s3cret-42";
    private static final String SLACK_PATH = "/services/T0001/B0001/sl4ck-s3cret";
    private static final String WEBHOOK_SECRET = "whsec-9f8e7d6c5b4a3210";

    private final LocalHttp twilio = new LocalHttp(503);
    private final LocalHttp slack = new LocalHttp(500);
    private final LocalHttp hooks = new LocalHttp(204);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level rootLevel;
    private final List<ch.qos.logback.core.Appender<ILoggingEvent>> consoleAppenders = new java.util.ArrayList<>();
    private Map<String, String> environment;
    private Store store;
    private Catalog catalog;

    @BeforeEach
    void setUp() {
        rootLevel = root.getLevel();
        // Every event of every logger is captured, and kept off the console while the test runs.
        root.iteratorForAppenders().forEachRemaining(consoleAppenders::add);
        consoleAppenders.forEach(root::detachAppender);
        root.setLevel(Level.ALL);
        logs.start();
        root.addAppender(logs);
        environment = Map.of("TWILIO_ACCOUNT_SID", "AC0001", "TWILIO_AUTH_TOKEN", TOKEN, "SLACK_WEBHOOK_URL", slack.base() + SLACK_PATH,
                "WEBHOOK_SECRET", WEBHOOK_SECRET);
        String text = SeedText.replace(SeedText.text(), "version: 1\n\n", "version: 1\n\nchannels:\n  email:\n"
                + "    smtp: {host: 127.0.0.1, port: " + SMTP.getSmtp().getPort() + ", security: none}\n"
                + "    from: \"pipekeeper <pipekeeper@example.com>\"\n"
                + "  phone:\n"
                + "    twilio: {account_sid: \"${env:TWILIO_ACCOUNT_SID}\", auth_token: \"${env:TWILIO_AUTH_TOKEN}\", from: \"+15550009999\","
                + " api_base: \"" + twilio.base() + "\"}\n"
                + "  slack: {webhook: \"${env:SLACK_WEBHOOK_URL}\"}\n"
                + "  webhook: {url: \"" + hooks.base() + "/pipekeeper\", secret: \"${env:WEBHOOK_SECRET}\"}\n\n");
        text = SeedText.replace(text, "{after: 0m,   notify: [oncall.primary],                    via: [email, phone]}",
                "{after: 0m, notify: [oncall.primary], via: [email, phone, slack, webhook]}");
        catalog = SeedText.load(text);
        store = Store.open(TestDatabases.freshH2());
        new SignalStore(store.jdbi()).raise(new PendingSignal(Kind.RUN_FAILED, "aggregate_growth", LocalDate.of(2026, 12, 1),
                "aggregate_growth failed for 2026-12-01: Binder Error: column users not found", java.util.Map.of()), AT);
    }

    @AfterEach
    void tearDown() {
        root.detachAppender(logs);
        root.setLevel(rootLevel);
        consoleAppenders.forEach(root::addAppender);
        Stream.of(twilio, slack, hooks).forEach(LocalHttp::close);
        store.close();
    }

    private void pass(Instant now) {
        IncidentLoop incidents = new IncidentLoop(catalog, new IncidentStore(store.jdbi()));
        incidents.runOnce(now);
        Map<Via, Channel> channels = new HashMap<>(new App(catalog, environment).channels());
        channels.put(Via.WEBHOOK, new WebhookChannel(catalog.webhook().orElseThrow(), environment, Clock.fixed(now, ZoneOffset.UTC)));
        new DeliveryLoop(new Outbox(store.jdbi()), channels, incidents.escalation()::fallBack).runOnce(now);
    }

    @Test
    void the_team_channel_and_the_signed_webhook_get_the_page_and_no_secret_reaches_a_log_line_the_timeline_or_the_outbox() throws Exception {
        pass(AT);
        twilio.status = 201;
        slack.status = 200;
        pass(AT.plusSeconds(30));

        assertThat(slack.received).hasSize(2).allSatisfy(r -> assertThat(r.path()).isEqualTo(SLACK_PATH));
        JsonNode message = new ObjectMapper().readTree(slack.received.get(1).body());
        assertThat(message.get("text").asText()).startsWith("*[CRITICAL] aggregate_growth: run failed for 2026-12-01 — respond by 11:00 EST*\n");

        LocalHttp.Received hook = hooks.received.get(0);
        assertThat(hooks.received).hasSize(1);
        assertThat(hook.headers().get("x-pipekeeper-delivery")).isEqualTo("incident-1-step-0");
        assertThat(hook.headers().get("x-pipekeeper-timestamp")).isEqualTo(String.valueOf(AT.getEpochSecond()));
        assertThat(hook.headers().get("x-pipekeeper-signature"))
                .isEqualTo("v1=" + WebhookChannel.sign(WEBHOOK_SECRET, hook.headers().get("x-pipekeeper-timestamp"), hook.body()))
                .isNotEqualTo("v1=" + WebhookChannel.sign("another secret", hook.headers().get("x-pipekeeper-timestamp"), hook.body()));
        JsonNode page = new ObjectMapper().readTree(hook.body());
        assertThat(page.at("/incident/id").asLong()).isEqualTo(1);
        assertThat(page.at("/incident/severity").asText()).isEqualTo("critical");
        assertThat(page.get("paged").get(0).asText()).isEqualTo("john");

        List<String> timeline = new IncidentStore(store.jdbi()).timeline(1).stream().map(Incident.Event::text).toList();
        assertThat(timeline).anySatisfy(t -> assertThat(t).startsWith("could not page team by slack (attempt 1): Slack refused it: HTTP 500"))
                .anySatisfy(t -> assertThat(t).startsWith("paged team by webhook"));
        List<String> logged = logs.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        assertThat(logged).as("the failures are logged").anySatisfy(line -> assertThat(line).contains("Twilio refused the SMS"));
        List<String> everything = Stream.of(logged, timeline, new Outbox(store.jdbi()).all().stream()
                .map(p -> p.address() + p.subject() + p.body()).toList()).flatMap(List::stream).toList();
        for (String secret : List.of(TOKEN, "sl4ck-s3cret", WEBHOOK_SECRET, java.util.Base64.getEncoder().encodeToString(("AC0001:" + TOKEN)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
            assertThat(everything).noneSatisfy(line -> assertThat(line).contains(secret));
        }
    }

    @Test
    void slack_and_the_webhook_asking_to_wait_are_tried_again_when_they_said() {
        twilio.status = 201;
        slack.status = 429;
        slack.retryAfter = "300";
        hooks.status = 503;
        hooks.retryAfter = "90";
        pass(AT);

        List<String> timeline = new IncidentStore(store.jdbi()).timeline(1).stream().map(Incident.Event::text).toList();
        assertThat(timeline).anySatisfy(t -> assertThat(t).contains("Slack refused it: HTTP 429").endsWith("trying again at " + AT.plusSeconds(300)))
                .anySatisfy(t -> assertThat(t).contains("The webhook refused it: HTTP 503").endsWith("trying again at " + AT.plusSeconds(90)));
        slack.status = 200;
        hooks.status = 200;
        pass(AT.plusSeconds(60));
        assertThat(slack.received).as("not before Slack said").hasSize(1);
        assertThat(hooks.received).hasSize(1);
        pass(AT.plusSeconds(90));
        assertThat(hooks.received).hasSize(2);
        pass(AT.plusSeconds(300));
        assertThat(slack.received).hasSize(2);
    }
}
