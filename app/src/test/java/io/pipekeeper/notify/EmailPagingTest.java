package io.pipekeeper.notify;

import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.pipekeeper.PipekeeperException;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentActions;
import io.pipekeeper.incident.IncidentLoop;
import io.pipekeeper.incident.PagingLoop;
import io.pipekeeper.incident.IncidentStore;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.signal.Signal;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.TestDatabases;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The first escalation step by email, through a real SMTP server (GreenMail). */
class EmailPagingTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    /** Wednesday 2 December 2026, 10:00 in New York: John is primary, Emily secondary. */
    private static final Instant AT = Instant.parse("2026-12-02T15:00:00Z");

    private Store store;
    private Catalog catalog;
    private RunStore runs;
    private IncidentStore incidents;

    @BeforeEach
    void setUp() {
        String text = SeedText.replace(SeedText.text(), "version: 1\n\n", "version: 1\n\nchannels:\n  email:\n"
                + "    smtp: {host: 127.0.0.1, port: " + SMTP.getSmtp().getPort() + ", security: none}\n"
                + "    from: \"pipekeeper <pipekeeper@example.com>\"\n\n");
        catalog = SeedText.load(text);
        store = Store.open(TestDatabases.freshH2());
        runs = new RunStore(store.jdbi());
        incidents = new IncidentStore(store.jdbi());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private DeliveryLoop delivery() {
        return new DeliveryLoop(new Outbox(store.jdbi()), Map.of(Via.EMAIL, new EmailChannel(catalog.email().orElseThrow(), Map.of())), Outbox.GiveUp.NONE);
    }

    private void fail(String pipeline) {
        runs.signals().raise(new PendingSignal(Kind.RUN_FAILED, pipeline, LocalDate.of(2026, 12, 1),
                pipeline + " failed for 2026-12-01: Binder Error: column unit_price not found", java.util.Map.of()), AT);
        new IncidentLoop(catalog, incidents).runOnce(AT);
    }

    @Test
    void the_primary_on_call_gets_an_email_at_once_saying_what_broke_and_by_when_to_respond() throws Exception {
        fail("unit_profit");

        assertThat(delivery().runOnce(AT)).isEqualTo(1);

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()[0]).hasToString("john@example.com");
        assertThat(received[0].getSubject()).isEqualTo("[CRITICAL] unit_profit: run failed for 2026-12-01 — respond by 11:00 EST");
        jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) received[0].getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        String body = parts.getBodyPart(0).getContent().toString();
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(parts.getBodyPart(1).getContent().toString()).contains("<h2", "[CRITICAL] unit_profit", "Blast radius");
        assertThat(body).contains("unit_profit failed for 2026-12-01", "Blast radius: pipelines: unit_profit, aggregate_profit",
                "Owners: john (primary), emily (secondary)", "pipekeeper incident ack 1 --by YOU");
        Incident incident = incidents.list(true).get(0);
        assertThat(incidents.timeline(incident.id())).extracting(Incident.Event::text)
                .anySatisfy(text -> assertThat(text).startsWith("paged john by email at john@example.com (step 1, attempt 1"));
        assertThat(delivery().runOnce(AT.plusSeconds(60))).as("a page goes out once").isZero();
    }

    @Test
    void a_signal_committed_in_this_process_is_paged_at_once_not_at_the_next_poll() throws Exception {
        IncidentLoop loop = new IncidentLoop(catalog, incidents);
        try (PagingLoop paging = new PagingLoop(loop, delivery(), () -> AT).start(java.time.Duration.ofHours(1))) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (paging.lastPass().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10); // the first pass, at start, finds nothing
            }
            store.jdbi().useTransaction(handle -> io.pipekeeper.signal.SignalStore.raise(handle, new PendingSignal(Kind.RUN_FAILED,
                    "unit_profit", LocalDate.of(2026, 12, 1), "unit_profit failed for 2026-12-01", java.util.Map.of()), java.util.Optional.empty(), AT));

            assertThat(SMTP.waitForIncomingEmail(10_000, 1)).as("paged within seconds, though the next poll is an hour away").isTrue();
            assertThat(SMTP.getReceivedMessages()[0].getSubject()).startsWith("[CRITICAL] unit_profit: run failed for 2026-12-01");
        }
    }

    @Test
    void a_missed_deadline_is_recorded_once_and_told_to_the_pair_on_call_and_the_owners() throws Exception {
        fail("daily_growth");
        delivery().runOnce(AT);
        long id = incidents.list(true).get(0).id();
        Instant late = AT.plus(java.time.Duration.ofMinutes(61));

        new IncidentLoop(catalog, incidents).runOnce(AT.plus(java.time.Duration.ofMinutes(59)));
        assertThat(incidents.timeline(id)).extracting(Incident.Event::kind).as("the hour is not over").doesNotContain("sla_breach");
        new IncidentLoop(catalog, incidents).runOnce(late);
        new IncidentLoop(catalog, incidents).runOnce(late.plusSeconds(30));
        assertThat(delivery().runOnce(late.plusSeconds(30))).as("john and emily on call; daily_growth's owners").isEqualTo(4);

        assertThat(incidents.timeline(id)).filteredOn(e -> e.kind().equals("sla_breach")).singleElement().satisfies(e -> assertThat(e.text())
                .isEqualTo("critical SLA breached: not acknowledged by 11:00 EST; telling john, emily, david, michael"));
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(java.util.Arrays.copyOfRange(received, 1, received.length)).extracting(m -> m.getAllRecipients()[0].toString() + " " + m.getSubject())
                .containsExactlyInAnyOrder(
                        "john@example.com [SLA BREACH] [CRITICAL] daily_growth: run failed for 2026-12-01 — not acknowledged by 11:00 EST",
                        "emily@example.com [SLA BREACH] [CRITICAL] daily_growth: run failed for 2026-12-01 — not acknowledged by 11:00 EST",
                        "michael@example.com [SLA BREACH] [CRITICAL] daily_growth: run failed for 2026-12-01 — not acknowledged by 11:00 EST",
                        "david@example.com [SLA BREACH] [CRITICAL] daily_growth: run failed for 2026-12-01 — not acknowledged by 11:00 EST");

        new IncidentActions(catalog, incidents).acknowledge(id, "john", late.plusSeconds(60));
        new IncidentLoop(catalog, incidents).runOnce(AT.plus(java.time.Duration.ofHours(3)));
        assertThat(incidents.timeline(id)).filteredOn(e -> e.kind().equals("sla_breach")).as("acknowledged: only resolve is due").hasSize(1);
        new IncidentLoop(catalog, incidents).runOnce(AT.plus(java.time.Duration.ofHours(4)).plusSeconds(1));
        assertThat(incidents.timeline(id)).filteredOn(e -> e.kind().equals("sla_breach")).extracting(Incident.Event::text)
                .last().asString().startsWith("critical SLA breached: not resolved by 14:00 EST");
    }

    @Test
    void an_acknowledgement_before_delivery_cancels_the_page() throws Exception {
        fail("daily_growth");
        long id = incidents.list(true).get(0).id();

        new IncidentActions(catalog, incidents).acknowledge(id, "david", AT.plusSeconds(5));

        assertThat(delivery().runOnce(AT.plusSeconds(10))).isZero();
        assertThat(SMTP.getReceivedMessages()).isEmpty();
        assertThat(new Outbox(store.jdbi()).all()).singleElement().extracting(Outbox.Page::status).isEqualTo("cancelled");
    }

    @Test
    void when_the_smtp_server_is_down_the_attempt_is_on_the_timeline_and_tried_again_later() {
        fail("aggregate_engagement");
        SMTP.stop();

        assertThat(delivery().runOnce(AT)).isZero();

        Outbox.Page page = new Outbox(store.jdbi()).all().get(0);
        assertThat(page.status()).isEqualTo("pending");
        assertThat(page.attempts()).isEqualTo(1);
        assertThat(incidents.timeline(page.incidentId())).extracting(Incident.Event::text)
                .anySatisfy(text -> assertThat(text).startsWith("could not page john by email (attempt 1):")
                        .endsWith("trying again at " + AT.plusSeconds(30)));
        assertThat(delivery().runOnce(AT.plusSeconds(10))).as("not before its retry time").isZero();
        SMTP.start();
    }

    @Test
    void secrets_stay_in_the_environment_and_a_missing_one_is_named_not_shown() {
        assertThatThrownBy(() -> Secrets.resolve("${env:SMTP_PASSWORD}", Map.of(), "channels.email"))
                .isInstanceOf(PipekeeperException.class)
                .hasMessage("the environment variable SMTP_PASSWORD is not set; channels.email needs it");
        assertThat(Secrets.resolve("${env:SMTP_PASSWORD}", Map.of("SMTP_PASSWORD", "s3cret"), "channels.email")).isEqualTo("s3cret");
    }
}
