package io.pipekeeper.notify;

import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.SignalStore;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Email and phone together: a real SMTP server (GreenMail) and Twilio's REST API served locally on port 0. */
class PhonePagingTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    /** Wednesday 2 December 2026, 10:00 in New York: John is primary. */
    private static final Instant AT = Instant.parse("2026-12-02T15:00:00Z");
    private static final Map<String, String> ENVIRONMENT = Map.of("TWILIO_ACCOUNT_SID", "AC0001", "TWILIO_AUTH_TOKEN", "tok-s3cret-42");

    private final LocalHttp twilio = new LocalHttp(201);
    private Store store;
    private Catalog catalog;
    private IncidentStore incidents;

    @BeforeEach
    void setUp() {
        String text = SeedText.replace(SeedText.text(), "version: 1\n\n", "version: 1\n\nchannels:\n  email:\n"
                + "    smtp: {host: 127.0.0.1, port: " + SMTP.getSmtp().getPort() + ", security: none}\n"
                + "    from: \"pipekeeper <pipekeeper@example.com>\"\n"
                + "  phone:\n"
                + "    twilio: {account_sid: \"${env:TWILIO_ACCOUNT_SID}\", auth_token: \"${env:TWILIO_AUTH_TOKEN}\", from: \"+15550009999\","
                + " api_base: \"" + twilio.base() + "\"}\n\n");
        catalog = SeedText.load(text);
        store = Store.open(TestDatabases.freshH2());
        incidents = new IncidentStore(store.jdbi());
        new SignalStore(store.jdbi()).raise(new PendingSignal(Kind.RUN_FAILED, "unit_profit", LocalDate.of(2026, 12, 1),
                "unit_profit failed for 2026-12-01: Binder Error: column unit_price not found", java.util.Map.of()), AT);
        new IncidentLoop(catalog, incidents).runOnce(AT);
    }

    @AfterEach
    void tearDown() {
        store.close();
        twilio.close();
    }

    private DeliveryLoop delivery() {
        return new DeliveryLoop(new Outbox(store.jdbi()), new App(catalog, ENVIRONMENT).channels(), Outbox.GiveUp.NONE);
    }

    @Test
    void the_primary_gets_an_email_an_sms_and_a_call_at_once() {
        assertThat(delivery().runOnce(AT)).as("an email, an SMS, a call").isEqualTo(3);

        assertThat(SMTP.getReceivedMessages()).singleElement().satisfies(m -> assertThat(m.getAllRecipients()[0]).hasToString("john@example.com"));
        assertThat(twilio.received).extracting(LocalHttp.Received::path)
                .containsExactly("/2010-04-01/Accounts/AC0001/Messages.json", "/2010-04-01/Accounts/AC0001/Calls.json");
        String basic = "Basic " + Base64.getEncoder().encodeToString("AC0001:tok-s3cret-42".getBytes(StandardCharsets.UTF_8));
        assertThat(twilio.received).allSatisfy(r -> {
            assertThat(r.headers().get("authorization")).isEqualTo(basic);
            assertThat(r.form()).containsEntry("To", "+15550100001").containsEntry("From", "+15550009999");
        });
        String sms = twilio.received.get(0).form().get("Body");
        assertThat(sms).hasSizeLessThanOrEqualTo(PhoneChannel.SMS_LIMIT)
                .startsWith("pipekeeper #1 [CRITICAL] unit_profit: run failed for 2026-12-01 — respond by 11:00 EST")
                .endsWith("Reply 1a to acknowledge, 1c to resolve.");
        assertThat(twilio.received.get(1).form().get("Twiml")).startsWith("<Response><Say>pipekeeper. critical incident 1.")
                .contains("Respond by 11:00 EST");
        assertThat(incidents.timeline(1)).extracting(Incident.Event::text)
                .anySatisfy(t -> assertThat(t).startsWith("paged john by sms at +15550100001 (step 1, attempt 1, id SM1)"))
                .anySatisfy(t -> assertThat(t).startsWith("paged john by voice at +15550100001 (step 1, attempt 1, id CA2)"));
    }

    @Test
    void when_twilio_refuses_the_attempt_is_retried_and_no_secret_reaches_the_timeline_or_the_outbox() {
        twilio.status = 503;
        assertThat(delivery().runOnce(AT)).as("the email still goes").isEqualTo(1);

        assertThat(new Outbox(store.jdbi()).all()).filteredOn(p -> p.via() != Via.EMAIL).extracting(Outbox.Page::status)
                .containsExactly("pending", "pending");
        assertThat(incidents.timeline(1)).extracting(Incident.Event::text)
                .anySatisfy(t -> assertThat(t).startsWith("could not page john by sms (attempt 1): Twilio refused the SMS: HTTP 503 (Service unavailable)"))
                .allSatisfy(t -> assertThat(t).doesNotContain("tok-s3cret-42").doesNotContain("AC0001"));
        assertThat(new Outbox(store.jdbi()).all()).allSatisfy(p -> assertThat(p.subject() + p.body() + p.address())
                .doesNotContain("tok-s3cret-42"));

        twilio.status = 201;
        assertThat(delivery().runOnce(AT.plusSeconds(30))).as("tried again after 30 s").isEqualTo(2);
    }

    @Test
    void a_call_tried_again_does_not_send_its_sms_again() {
        twilio.unavailable = "Calls.json";
        delivery().runOnce(AT);
        twilio.unavailable = null;
        delivery().runOnce(AT.plusSeconds(30));

        assertThat(twilio.at("Messages.json")).hasSize(1);
        assertThat(twilio.at("Calls.json")).as("refused once, then placed").hasSize(2);
        assertThat(new Outbox(store.jdbi()).all()).extracting(Outbox.Page::status).containsOnly("sent");
    }

    @Test
    void a_rate_limited_page_waits_as_long_as_twilio_asks_then_goes() {
        twilio.status = 429;
        twilio.retryAfter = "120";
        delivery().runOnce(AT);

        assertThat(incidents.timeline(1)).extracting(Incident.Event::text).anySatisfy(t -> assertThat(t)
                .startsWith("could not page john by sms (attempt 1): Twilio refused the SMS: HTTP 429 (Service unavailable); it asks to wait 120 s")
                .endsWith("trying again at " + AT.plusSeconds(120)));
        twilio.status = 201;
        assertThat(delivery().runOnce(AT.plusSeconds(30))).as("not after the usual 30 s").isZero();
        assertThat(delivery().runOnce(AT.plusSeconds(120))).as("the SMS and the call, when Twilio said").isEqualTo(2);
        assertThat(twilio.at("Messages.json")).hasSize(2);
    }

    @Test
    void a_refusal_that_says_nothing_says_so() {
        twilio.status = 500;
        twilio.refusal = "";
        delivery().runOnce(AT);

        assertThat(incidents.timeline(1)).extracting(Incident.Event::text)
                .anySatisfy(t -> assertThat(t).startsWith("could not page john by sms (attempt 1): Twilio refused the SMS: HTTP 500 (no message); "
                        + "trying again"))
                .noneSatisfy(t -> assertThat(t).contains("HTTP 500 ;"));
    }
}
