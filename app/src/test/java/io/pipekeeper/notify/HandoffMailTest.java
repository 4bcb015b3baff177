package io.pipekeeper.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.IncidentActions;
import io.pipekeeper.incident.IncidentLoop;
import io.pipekeeper.incident.IncidentStore;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.TestDatabases;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mail at a rotation hand-off: both pairs, once, with the open incidents and their clocks. */
class HandoffMailTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    /** Monday 14 December 2026, 09:00 in New York: John and Emily hand over to Emily and Michael. */
    private static final Instant HANDOFF = Instant.parse("2026-12-14T14:00:00Z");

    private Store store;
    private Catalog catalog;

    @BeforeEach
    void setUp() {
        catalog = SeedText.load(SeedText.replace(SeedText.text(), "version: 1\n\n", "version: 1\n\nchannels:\n  email:\n"
                + "    smtp: {host: 127.0.0.1, port: " + SMTP.getSmtp().getPort() + ", security: none}\n"
                + "    from: \"pipekeeper <pipekeeper@example.com>\"\n\n"));
        store = Store.open(TestDatabases.freshH2());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private void pass(Instant now) {
        IncidentLoop loop = new IncidentLoop(catalog, new IncidentStore(store.jdbi()));
        loop.runOnce(now);
        new DeliveryLoop(new Outbox(store.jdbi()), Map.of(Via.EMAIL, new EmailChannel(catalog.email().orElseThrow(), Map.of())),
                loop.escalation()::fallBack).runOnce(now);
    }

    private long handoffMails() {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> subject(m).startsWith("[HAND-OFF]")).count();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void both_pairs_get_the_hand_off_report_and_the_open_incidents_once() throws Exception {
        IncidentActions actions = new IncidentActions(catalog, new IncidentStore(store.jdbi()));
        io.pipekeeper.incident.PageFeedback feedback = new io.pipekeeper.incident.PageFeedback(store.jdbi());
        for (int day = 3; day >= 1; day--) {
            Instant at = HANDOFF.minus(Duration.ofDays(day));
            long id = actions.open("engagement dips at 02:00 again", "minor", "aggregate_engagement", "john", at).id();
            actions.resolve(id, "john", "the nightly vacuum", at.plusSeconds(600));
            feedback.record(id, "john", io.pipekeeper.incident.PageFeedback.Verdict.NOISE, at.plusSeconds(660));
        }
        actions.open("investors see no growth numbers", "critical", "aggregate_growth",
                "michael", HANDOFF.minus(Duration.ofHours(2)));
        pass(HANDOFF.minusSeconds(60));
        assertThat(handoffMails()).as("before the hand-off").isZero();

        pass(HANDOFF.plusSeconds(60));
        pass(HANDOFF.plusSeconds(120));
        new IncidentLoop(catalog, new IncidentStore(store.jdbi())).runOnce(HANDOFF.plusSeconds(180));

        assertThat(handoffMails()).as("john, emily, michael: each once").isEqualTo(3);
        MimeMessage mail = Arrays.stream(SMTP.getReceivedMessages()).filter(m -> subject(m).startsWith("[HAND-OFF]")).findFirst().orElseThrow();
        assertThat(mail.getSubject()).isEqualTo("[HAND-OFF] Data Engineering on call from 09:00 EST: emily primary, michael secondary");
        String body = ((jakarta.mail.internet.MimeMultipart) mail.getContent()).getBodyPart(0).getContent().toString();
        assertThat(body).contains("primary:   john → emily", "2026-12-25 Christmas", "Open incidents (1):",
                "#4 [CRITICAL] aggregate_growth: investors see no growth numbers — triggered; respond by 08:00 EST (BREACHED), resolve by 11:00 EST (119 min left)",
                "The last 7 days' load (pipekeeper oncall report):",
                "  john: 168 h primary, 0 h secondary, ", "  emily: 0 h primary, 168 h secondary, ",
                "Pages people called noise (pipekeeper report noise):",
                "  aggregate_engagement manual: its pages were marked noise 3 times in the last 30 days; raise its threshold, lower its severity");
    }

    @Test
    void a_hand_off_more_than_twelve_hours_old_is_not_mailed_late() {
        pass(HANDOFF.plus(Duration.ofHours(13)));
        assertThat(handoffMails()).isZero();
    }
}
