package io.pipekeeper.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.testhelper.ManualScheduler;
import com.github.kagkarlsson.scheduler.testhelper.SettableClock;
import com.github.kagkarlsson.scheduler.testhelper.TestHelper;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two processes' loops racing on one real PostgreSQL: every page goes out once, every step fires once. */
class ConcurrentPagingTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Instant AT = Instant.parse("2026-12-02T15:00:00Z");
    private static final int INCIDENTS = 40;

    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private Store store;

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        store.close();
    }

    private <T> List<T> both(Callable<T> first, Callable<T> second) throws Exception {
        List<Future<T>> running = threads.invokeAll(List.of(first, second));
        return List.of(running.get(0).get(), running.get(1).get());
    }

    @Test
    void two_delivery_loops_and_two_schedulers_on_one_postgresql_send_each_page_once() throws Exception {
        String text = SeedText.replace(SeedText.text(), "version: 1\n\n", "version: 1\n\nchannels:\n  email:\n"
                + "    smtp: {host: 127.0.0.1, port: " + SMTP.getSmtp().getPort() + ", security: none}\n"
                + "    from: \"pipekeeper <pipekeeper@example.com>\"\n\n");
        Catalog catalog = SeedText.load(text);
        store = Store.open(TestDatabases.freshPostgres());
        IncidentActions actions = new IncidentActions(catalog, new IncidentStore(store.jdbi()));
        for (int i = 1; i <= INCIDENTS; i++) {
            actions.open("investor dashboard question " + i, "critical", "aggregate_growth", "michael", AT);
        }

        Callable<Integer> deliver = () -> {
            DeliveryLoop loop = new DeliveryLoop(new Outbox(store.jdbi()), Map.of(Via.EMAIL, new EmailChannel(catalog.email().orElseThrow(),
                    Map.of())), Outbox.GiveUp.NONE);
            int sent = 0;
            for (int pass = 0; pass < 5; pass++) {
                sent += loop.runOnce(AT.plus(Duration.ofMinutes(30)));
            }
            return sent;
        };
        assertThat(both(deliver, deliver).stream().mapToInt(Integer::intValue).sum()).isEqualTo(INCIDENTS);

        Callable<Integer> escalate = () -> {
            SettableClock clock = new SettableClock();
            clock.set(AT.plus(Duration.ofMinutes(30)));
            IncidentLoop loop = new IncidentLoop(catalog, new IncidentStore(store.jdbi()));
            ManualScheduler scheduler = TestHelper.createManualScheduler(store.dataSource(), List.of(loop.escalation().task(clock::now)))
                    .clock(clock).build();
            scheduler.start();
            for (int poll = 0; poll < 5; poll++) {
                scheduler.runAnyDueExecutions(); // one poll takes a batch; a running scheduler polls again
            }
            return 0;
        };
        both(escalate, escalate);
        both(deliver, deliver);

        // Pages to one person that fall due together go as one mail (a bundle): each incident is in exactly one mail per person.
        Map<String, Long> byPerson = Arrays.stream(SMTP.getReceivedMessages())
                .flatMap(message -> KillDuringPagingTest.incidentsOf(message).stream().map(id -> recipient(message) + " #" + id)).distinct()
                .collect(Collectors.groupingBy(page -> page.replaceFirst(" #.*", ""), Collectors.counting()));
        assertThat(byPerson).containsExactlyInAnyOrderEntriesOf(Map.of("john@example.com", (long) INCIDENTS, "emily@example.com",
                (long) INCIDENTS));
        assertThat(Arrays.stream(SMTP.getReceivedMessages()).mapToLong(message -> KillDuringPagingTest.incidentsOf(message).size()).sum())
                .as("and no page twice").isEqualTo(2L * INCIDENTS);
        assertThat(new Outbox(store.jdbi()).all()).hasSize(2 * INCIDENTS).allSatisfy(page -> {
            assertThat(page.status()).isEqualTo("sent");
            assertThat(page.attempts()).isEqualTo(1);
        });
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
