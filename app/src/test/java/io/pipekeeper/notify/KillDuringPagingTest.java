package io.pipekeeper.notify;

import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.Kind;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.IncidentStore;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreLocation;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the process that opens incidents and sends their pages, at random moments, again and again: no
 * signal is lost or handled twice, and no page reaches the SMTP server twice.
 */
class KillDuringPagingTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final int KILLS = 6;
    private static final int SIGNALS_PER_ROUND = 10;
    private static final int SIGNALS = KILLS * SIGNALS_PER_ROUND;
    private static final Pattern INCIDENT = Pattern.compile("pipekeeper incident ack (\\d+) --by YOU");

    @TempDir
    Path dir;

    @Test
    void a_killed_pager_loses_no_signal_and_repeats_no_page() throws Exception {
        Path config = SeedText.writeTo(dir, SeedText.replace(SeedText.text(), "version: 1\n\n", "version: 1\n\nchannels:\n  email:\n"
                + "    smtp: {host: 127.0.0.1, port: " + SMTP.getSmtp().getPort() + ", security: none}\n"
                + "    from: \"pipekeeper <pipekeeper@example.com>\"\n\n"));
        Catalog catalog = new ConfigLoader().load(config, "pipekeeper.yaml");
        StoreLocation location = StoreLocation.of(catalog, Map.of());
        Random random = new Random(11);
        int interrupted = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            raise(location, kill * SIGNALS_PER_ROUND);
            Process child = start(config, 0);
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).as(errors()).isEqualTo("ready");
            Thread.sleep(random.nextInt(700)); // a round's work takes about 600 ms here
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            interrupted += unfinished(location) ? 1 : 0;
        }
        assertThat(interrupted).as("kills that struck while work was left (else this test proves nothing)").isPositive();
        // Five minutes on, a last process settles the pages a killed one had claimed, and finishes the rest.
        Process last = start(config, 6 * 60);
        BufferedReader lines = new BufferedReader(new InputStreamReader(last.getInputStream(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).as(errors()).isEqualTo("ready");
        assertThat(lines.readLine()).as("it works until nothing is left: %s", errors()).isEqualTo("idle");
        last.destroyForcibly();
        last.waitFor(30, TimeUnit.SECONDS);

        // A mail may carry several pages at once (a bundle): each incident must be in exactly one.
        Map<Long, Long> mailsByIncident = Arrays.stream(SMTP.getReceivedMessages()).flatMap(message -> incidentsOf(message).stream())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        try (Store store = Store.open(location)) {
            assertThat(new IncidentStore(store.jdbi()).list(false)).as("each signal is one incident").hasSize(SIGNALS);
            List<Outbox.Page> pages = new Outbox(store.jdbi()).all();
            assertThat(pages).hasSize(SIGNALS).allSatisfy(page -> assertThat(page.status()).isIn("sent", "failed"));
            assertThat(mailsByIncident.values()).as("no page twice").allSatisfy(count -> assertThat(count).isEqualTo(1L));
            List<Outbox.Page> unknown = pages.stream().filter(page -> page.status().equals("failed")).toList();
            assertThat(unknown).as("only a page a killed process had claimed may be of unknown fate").hasSizeLessThanOrEqualTo(KILLS);
            assertThat(pages).filteredOn(page -> page.status().equals("sent"))
                    .allSatisfy(page -> assertThat(mailsByIncident).containsEntry(page.incidentId(), 1L));
        }
    }

    /** Whether a signal is still unread or a page still unsent: the kill struck mid-work. */
    private static boolean unfinished(StoreLocation location) {
        try (Store store = Store.open(location)) {
            int incidents = new IncidentStore(store.jdbi()).list(false).size();
            int signals = new RunStore(store.jdbi()).signals().all().size();
            return incidents < signals || new Outbox(store.jdbi()).all().stream().anyMatch(page -> !page.status().equals("sent"));
        }
    }

    private static void raise(StoreLocation location, int first) {
        try (Store store = Store.open(location)) {
            RunStore runs = new RunStore(store.jdbi());
            for (int i = first; i < first + SIGNALS_PER_ROUND; i++) {
                // A day each: failures of one table on one day are one cause, and would share one incident.
                runs.signals().raise(new PendingSignal(Kind.CHECK_FAILED, "aggregate_profit", LocalDate.of(2026, 11, 25).minusDays(i),
                        "check c" + i + " failed on aggregate_profit", java.util.Map.of("check", "c" + i)), Instant.now());
            }
        }
    }

    private Process start(Path config, long secondsAhead) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PagingChild.class.getName(), config.toString(), String.valueOf(secondsAhead))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("children.err").toFile())).start();
    }

    /** What the children wrote to standard error, for a failure's message. */
    private String errors() throws java.io.IOException {
        Path file = dir.resolve("children.err");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** The incidents a mail pages for: one, or each of a bundle's. */
    static List<Long> incidentsOf(MimeMessage message) {
        try {
            String text = ((MimeMultipart) message.getContent()).getBodyPart(0).getContent().toString();
            Matcher id = INCIDENT.matcher(text);
            List<Long> ids = new java.util.ArrayList<>();
            while (id.find()) {
                ids.add(Long.parseLong(id.group(1)));
            }
            assertThat(ids).as(text).isNotEmpty();
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
