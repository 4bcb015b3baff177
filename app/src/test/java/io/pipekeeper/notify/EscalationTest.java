package io.pipekeeper.notify;

import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.SignalStore;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.testhelper.ManualScheduler;
import com.github.kagkarlsson.scheduler.testhelper.SettableClock;
import com.github.kagkarlsson.scheduler.testhelper.TestHelper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentActions;
import io.pipekeeper.incident.IncidentLoop;
import io.pipekeeper.incident.IncidentStore;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.signal.Signal;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.TestDatabases;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The escalation policy by the clock: the seed's three steps (the primary at once, the secondary at 50 % of the
 * respond SLA, the owners at 100 %) as db-scheduler timers in the store, fired by a real db-scheduler whose clock
 * the test moves; real SMTP (GreenMail) and Twilio's API served locally.
 */
class EscalationTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    /** Wednesday 2 December 2026, 10:00 in New York: John is primary, Emily secondary; aggregate_growth is Michael's and David's. */
    private static final Instant AT = Instant.parse("2026-12-02T15:00:00Z");
    private static final Map<String, String> ENVIRONMENT = Map.of("TWILIO_ACCOUNT_SID", "AC0001", "TWILIO_AUTH_TOKEN", "tok-s3cret-42");

    private final LocalHttp twilio = new LocalHttp(201);
    private final SettableClock clock = new SettableClock();
    private Store store;
    private Catalog catalog;

    @AfterEach
    void tearDown() {
        twilio.close();
        if (store != null) {
            store.close();
        }
    }

    /** The seed with email through GreenMail (or a port nobody listens on) and phone through the local Twilio; {@code firstVia} for step 1. */
    private void start(int smtpPort, String firstVia) {
        start(smtpPort, firstVia, text -> text);
    }

    /** The same, with {@code edit} applied to the file's text last. */
    private void start(int smtpPort, String firstVia, java.util.function.UnaryOperator<String> edit) {
        String text = SeedText.replace(SeedText.text(), "version: 1\n\n", "version: 1\n\nchannels:\n  email:\n"
                + "    smtp: {host: 127.0.0.1, port: " + smtpPort + ", security: none}\n"
                + "    from: \"pipekeeper <pipekeeper@example.com>\"\n"
                + "  phone:\n"
                + "    twilio: {account_sid: \"${env:TWILIO_ACCOUNT_SID}\", auth_token: \"${env:TWILIO_AUTH_TOKEN}\", from: \"+15550009999\","
                + " api_base: \"" + twilio.base() + "\"}\n\n");
        text = SeedText.replace(text, "{after: 0m,   notify: [oncall.primary],                    via: [email, phone]}",
                "{after: 0m, notify: [oncall.primary], via: [" + firstVia + "]}");
        catalog = SeedText.load(edit.apply(text));
        store = Store.open(TestDatabases.freshH2());
        new SignalStore(store.jdbi()).raise(new PendingSignal(Kind.RUN_FAILED, "aggregate_growth", LocalDate.of(2026, 12, 1),
                "aggregate_growth failed for 2026-12-01: Binder Error: column users not found", java.util.Map.of()), AT);
    }

    /** One pipekeeper process on the shared store: its loops and its scheduler, as 'pipekeeper scheduler' runs them. */
    private final class Process {
        final IncidentLoop incidents = new IncidentLoop(catalog, new IncidentStore(store.jdbi()));
        final DeliveryLoop delivery = new DeliveryLoop(new Outbox(store.jdbi()), new App(catalog, ENVIRONMENT).channels(),
                incidents.escalation()::fallBack);
        final ManualScheduler scheduler;

        Process(Instant now) {
            clock.set(now);
            scheduler = TestHelper.createManualScheduler(store.dataSource(), List.of(incidents.escalation().task(clock::now)))
                    .clock(clock).build();
            scheduler.start();
        }

        /** One pass at {@code now}: due timers fire, new signals become incidents, due pages go out. */
        Process at(Instant now) {
            scheduler.setTime(now);
            scheduler.runAnyDueExecutions();
            incidents.runOnce(now);
            delivery.runOnce(now);
            return this;
        }
    }

    private static int portNobodyListensOn() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> mailedTo() {
        return Arrays.stream(SMTP.getReceivedMessages()).map(EscalationTest::recipient).toList();
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> phoned() {
        return twilio.at("Messages.json").stream().map(r -> r.form().get("To")).toList();
    }

    private List<String> timeline() {
        return new IncidentStore(store.jdbi()).timeline(1).stream().map(Incident.Event::text).toList();
    }

    @Test
    void the_primary_at_once_the_secondary_at_half_the_respond_sla_the_owners_at_all_of_it() throws Exception {
        start(SMTP.getSmtp().getPort(), "email, phone");
        Process process = new Process(AT).at(AT);
        assertThat(mailedTo()).containsExactly("john@example.com");
        assertThat(phoned()).containsExactly("+15550100001");

        process.at(AT.plus(Duration.ofMinutes(29)));
        assertThat(mailedTo()).as("a critical incident's respond SLA is 1 h: nothing more before 30 min").hasSize(1);

        process.at(AT.plus(Duration.ofMinutes(30)));
        assertThat(mailedTo()).containsExactly("john@example.com", "emily@example.com");
        assertThat(phoned()).hasSize(2);

        process.at(AT.plus(Duration.ofMinutes(60)));
        assertThat(mailedTo()).containsExactlyInAnyOrder("john@example.com", "emily@example.com", "michael@example.com", "david@example.com");
        assertThat(timeline()).filteredOn(t -> t.startsWith("step "))
                .containsExactly("step 1 (after 0m): paging john by email, phone", "step 2 (after 50%): paging emily by email, phone",
                        "step 3 (after 100%): paging michael by email, phone; david by email, phone");

        process.at(AT.plus(Duration.ofHours(5)));
        assertThat(mailedTo()).as("three steps, then the two SLA breach notices, due together after the jump: one mail each").hasSize(4 + 4);
        assertThat(java.util.Arrays.stream(SMTP.getReceivedMessages()).map(m -> {
            try {
                return m.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        })).filteredOn(subject -> subject.startsWith("[pipekeeper] 2 pages: [SLA BREACH] ")).hasSize(4);
    }

    @Test
    void a_pipelines_own_policy_pages_by_the_channels_it_names_and_runs_again_while_nobody_answers() {
        start(SMTP.getSmtp().getPort(), "email, phone", text -> SeedText.replace(text, "    sql: pipelines/aggregate_growth.sql\n",
                "    sql: pipelines/aggregate_growth.sql\n    escalation:\n      repeat: 1\n      steps:\n"
                        + "        - {after: 0m,  notify: [person:david], via: [sms]}\n"
                        + "        - {after: 10m, notify: [owners],       via: [voice]}\n"));
        Process process = new Process(AT).at(AT);
        assertThat(phoned()).as("david by SMS alone").containsExactly("+15550100004");
        assertThat(called()).isEmpty();
        assertThat(mailedTo()).as("john, the primary on call, is not in this pipeline's policy").isEmpty();

        process.at(AT.plus(Duration.ofMinutes(9)));
        assertThat(called()).isEmpty();
        process.at(AT.plus(Duration.ofMinutes(10)));
        assertThat(called()).as("both owners, by a call alone").containsExactlyInAnyOrder("+15550100003", "+15550100004");
        assertThat(phoned()).hasSize(1);

        // A round lasts to its last step plus the gap before it: 20 minutes; the second starts then.
        process.at(AT.plus(Duration.ofMinutes(19)));
        assertThat(phoned()).hasSize(1);
        process.at(AT.plus(Duration.ofMinutes(20)));
        assertThat(phoned()).containsExactly("+15550100004", "+15550100004");
        process.at(AT.plus(Duration.ofMinutes(30)));
        assertThat(called()).hasSize(4);

        process.at(AT.plus(Duration.ofHours(5)));
        assertThat(phoned()).as("repeat: 1 is two rounds, then the policy ends").hasSize(2);
        assertThat(called()).hasSize(4);
        assertThat(timeline()).filteredOn(t -> t.startsWith("step "))
                .containsExactly("step 1 of round 1 (after 0m): paging david by sms", "step 2 of round 1 (after 10m): paging michael by voice; david by voice",
                        "step 1 of round 2 (after 0m): paging david by sms", "step 2 of round 2 (after 10m): paging michael by voice; david by voice");
    }

    @Test
    void an_escalation_by_hand_pages_the_next_step_now_and_the_one_after_still_comes_on_time() {
        start(SMTP.getSmtp().getPort(), "email, phone");
        Process process = new Process(AT).at(AT);
        IncidentActions actions = new IncidentActions(catalog, new IncidentStore(store.jdbi()));
        actions.acknowledge(1, "john", AT.plus(Duration.ofMinutes(2)));
        process.at(AT.plus(Duration.ofMinutes(5)));
        assertThat(mailedTo()).containsExactly("john@example.com");

        actions.escalate(1, "john", AT.plus(Duration.ofMinutes(5)));
        process.at(AT.plus(Duration.ofMinutes(5)));
        assertThat(mailedTo()).as("step 2 at once").containsExactly("john@example.com", "emily@example.com");
        process.at(AT.plus(Duration.ofMinutes(59)));
        assertThat(mailedTo()).hasSize(2);
        process.at(AT.plus(Duration.ofMinutes(60))).at(AT.plus(Duration.ofMinutes(61)));
        assertThat(mailedTo()).as("step 3 at its time, and no respond breach: john had answered in time")
                .containsExactly("john@example.com", "emily@example.com", "michael@example.com", "david@example.com");
    }

    @Test
    void an_escalated_incident_acknowledged_again_sends_nothing_more() {
        start(SMTP.getSmtp().getPort(), "email");
        Process process = new Process(AT).at(AT);
        IncidentActions actions = new IncidentActions(catalog, new IncidentStore(store.jdbi()));
        actions.acknowledge(1, "john", AT.plus(Duration.ofMinutes(2)));
        actions.escalate(1, "john", AT.plus(Duration.ofMinutes(5)));
        process.at(AT.plus(Duration.ofMinutes(5)));
        actions.acknowledge(1, "emily", AT.plus(Duration.ofMinutes(6)));
        process.at(AT.plus(Duration.ofMinutes(60))).at(AT.plus(Duration.ofHours(3)));
        assertThat(mailedTo()).containsExactly("john@example.com", "emily@example.com");
    }

    @Test
    void a_severity_change_moves_the_steps_to_come_fires_the_overdue_once_and_repeats_none() {
        start(SMTP.getSmtp().getPort(), "email");
        Process process = new Process(AT).at(AT);
        IncidentActions actions = new IncidentActions(catalog, new IncidentStore(store.jdbi()));
        // critical (respond 1 h: steps at 0, 30, 60 min) → major (2 h: 0, 60, 120 min)
        actions.changeSeverity(1, "major", "john", "less urgent than it looked", AT.plus(Duration.ofMinutes(20)));
        process.at(AT.plus(Duration.ofMinutes(20))).at(AT.plus(Duration.ofMinutes(30))).at(AT.plus(Duration.ofMinutes(59)));
        assertThat(pagedByStep()).as("the old 30-minute step sends nothing").containsExactly("step 1 john");
        process.at(AT.plus(Duration.ofMinutes(60)));
        assertThat(pagedByStep()).containsExactly("step 1 john", "step 2 emily");

        // major → critical at 70 min: step 3 (60 min for a critical) is overdue and fires once, at once; step 2 is not repeated
        actions.changeSeverity(1, "critical", "emily", "investors asked", AT.plus(Duration.ofMinutes(70)));
        process.at(AT.plus(Duration.ofMinutes(70)));
        assertThat(pagedByStep()).containsExactly("step 1 john", "step 2 emily", "step 3 michael", "step 3 david");
        process.at(AT.plus(Duration.ofMinutes(120))).at(AT.plus(Duration.ofHours(5)));
        assertThat(pagedByStep()).as("nothing at the old times").hasSize(4);
    }

    /** The escalation's pages, in order: "step 2 emily". */
    private List<String> pagedByStep() {
        return new Outbox(store.jdbi()).all().stream().filter(page -> page.notice() == Notice.PAGE && page.via() == Via.EMAIL)
                .map(page -> page.shown() + " " + page.person()).toList();
    }

    private List<String> called() {
        return twilio.at("Calls.json").stream().map(r -> r.form().get("To")).toList();
    }

    @Test
    void an_acknowledgement_cancels_every_later_step_and_the_pages_still_waiting() {
        start(SMTP.getSmtp().getPort(), "email, phone");
        Process process = new Process(AT).at(AT);
        IncidentActions actions = new IncidentActions(catalog, new IncidentStore(store.jdbi()));

        process.scheduler.setTime(AT.plus(Duration.ofMinutes(30)));
        process.scheduler.runAnyDueExecutions();
        assertThat(new Outbox(store.jdbi()).all()).filteredOn(p -> p.status().equals("pending")).extracting(Outbox.Page::person)
                .containsOnly("emily");
        actions.acknowledge(1, "john", AT.plus(Duration.ofMinutes(31)));

        process.at(AT.plus(Duration.ofMinutes(31))).at(AT.plus(Duration.ofHours(2)));
        assertThat(mailedTo()).containsExactly("john@example.com");
        int timers = store.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'escalate'")
                .mapTo(Integer.class).one());
        assertThat(timers).as("no timer is left").isZero();
        assertThat(timeline()).contains("the incident is acknowledged: 1 later escalation step(s) and 3 waiting page(s) cancelled");
    }

    @Test
    void a_restart_between_steps_loses_nothing_and_repeats_nothing() {
        start(SMTP.getSmtp().getPort(), "email, phone");
        new Process(AT).at(AT);
        // The first process is gone (as after kill -9): nothing of it but the store remains.
        Process second = new Process(AT.plus(Duration.ofMinutes(45)));
        second.at(AT.plus(Duration.ofMinutes(45))).at(AT.plus(Duration.ofMinutes(46)));
        new Process(AT.plus(Duration.ofMinutes(47))).at(AT.plus(Duration.ofMinutes(47)));

        assertThat(mailedTo()).as("the missed 30-min step fires late, once").containsExactly("john@example.com", "emily@example.com");
        assertThat(phoned()).hasSize(2);
    }

    @Test
    void a_sender_that_died_mid_send_is_not_repeated_on_that_channel_and_the_person_is_reached_another_way() {
        start(SMTP.getSmtp().getPort(), "email");
        new Process(AT).incidents.runOnce(AT);
        Outbox outbox = new Outbox(store.jdbi());
        assertThat(outbox.claim(outbox.due(AT, 10).get(0), AT)).isTrue(); // claimed, then the process died before the result

        new Process(AT.plus(Duration.ofMinutes(1))).at(AT.plus(Duration.ofMinutes(1)));
        assertThat(mailedTo()).as("within the claim's 5 minutes nobody touches it").isEmpty();
        new Process(AT.plus(Duration.ofMinutes(6))).at(AT.plus(Duration.ofMinutes(6))).at(AT.plus(Duration.ofMinutes(7)));

        assertThat(mailedTo()).as("at most once by email").isEmpty();
        assertThat(phoned()).containsExactly("+15550100001");
        assertThat(timeline()).anySatisfy(t -> assertThat(t).startsWith("email to john failed (the sender stopped while sending"));
    }

    @Test
    void smtp_down_is_retried_then_the_primary_is_phoned_and_the_incident_says_so() {
        start(portNobodyListensOn(), "email");
        Process process = new Process(AT).at(AT);
        for (int seconds : new int[] {30, 90, 210, 211}) {
            process.at(AT.plusSeconds(seconds));
        }
        assertThat(phoned()).containsExactly("+15550100001");
        assertThat(twilio.at("Messages.json").get(0).form().get("Body")).startsWith("pipekeeper #1 [CRITICAL] aggregate_growth");
        assertThat(timeline()).filteredOn(t -> t.startsWith("could not page john by email")).as("tried again three times").hasSize(3);
        assertThat(timeline()).anySatisfy(t -> assertThat(t).startsWith("email to john failed (step 1, attempt 4): Couldn't connect"));
        assertThat(timeline()).anySatisfy(t -> assertThat(t).startsWith("email to john failed (4 attempt(s), last: ")
                .endsWith("paging john by phone instead"));
    }

    @Test
    void a_severity_change_moves_the_timers_still_waiting() {
        start(SMTP.getSmtp().getPort(), "email");
        Process process = new Process(AT).at(AT);
        new IncidentActions(catalog, new IncidentStore(store.jdbi())).changeSeverity(1, "minor", "john", "only a dashboard",
                AT.plus(Duration.ofMinutes(5)));

        process.at(AT.plus(Duration.ofMinutes(59)));
        assertThat(mailedTo()).as("a minor incident's respond SLA is 4 h").containsExactly("john@example.com");
        process.at(AT.plus(Duration.ofHours(2)));
        assertThat(mailedTo()).containsExactly("john@example.com", "emily@example.com");
    }
}
