package io.pipekeeper.bench.faults;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.pipekeeper.App;
import io.pipekeeper.config.ConfigLoader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Providers that fail, under one {@code pipekeeper scheduler}: each step pages by SMS, and each person's number
 * answers by a script drawn for the round — accept; 500 once, then accept (retried after 30 s); 429 with
 * Retry-After once, then accept (retried when it says); or hang past the 20 s timeout (given up at once, never
 * resent, and the person paged by email instead). In half the rounds the SMTP server is down for the first
 * seconds, so a fallback email waits for its retry. Each person must get exactly one page: the SMS, or for a
 * hung number the email, and the hung number no second request.
 */
final class Providers implements FaultsBench.Kind {
    private static final long SMTP_DOWN_MILLIS = 8_000;

    private final Path dir;
    private final PhoneSink phone;
    private final Map<String, Integer> faults = new java.util.TreeMap<>();
    private long pages;

    Providers(Path dir) throws Exception {
        this.dir = dir;
        this.phone = new PhoneSink(25_000);
    }

    @Override
    public String name() {
        return "providers";
    }

    @Override
    public String summary() {
        return pages + " people paged through " + faults + ": each once, by SMS or (number hung) by email";
    }

    @Override
    public FaultsBench.Round round(int number, Random random) throws Exception {
        phone.accepted.clear();
        phone.hung.clear();
        Path round = dir.resolve("round-" + number);
        Files.createDirectories(round);
        int smtpPort;
        try (ServerSocket free = new ServerSocket(0)) {
            smtpPort = free.getLocalPort();
        }
        boolean smtpDown = random.nextBoolean();
        Path config = FaultTeam.write(round, smtpPort, phone.apiBase(), null, true);
        Set<String> hung = new TreeSet<>();
        for (Map.Entry<String, String> person : FaultTeam.PHONES.entrySet()) {
            String fault = List.of("accept", "500", "429", "hang").get(random.nextInt(4));
            faults.merge(fault, 1, Integer::sum);
            switch (fault) {
                case "500" -> phone.script(person.getValue(), PhoneSink.Answer.ERROR_500, PhoneSink.Answer.ACCEPT);
                case "429" -> phone.script(person.getValue(), PhoneSink.Answer.RATE_LIMITED, PhoneSink.Answer.ACCEPT);
                case "hang" -> {
                    phone.script(person.getValue(), PhoneSink.Answer.HANG);
                    hung.add(person.getKey());
                }
                default -> phone.script(person.getValue(), PhoneSink.Answer.ACCEPT);
            }
        }
        if (smtpDown) {
            faults.merge("smtp down", 1, Integer::sum);
        }
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        if (!smtpDown) {
            smtp.start();
        }
        long incident;
        try (App app = new App(new ConfigLoader().load(config, "pipekeeper.yaml"), FaultTeam.ENVIRONMENT)) {
            incident = app.incidentActions().open("providers " + number, "critical", "aggregate_profit", "john", Instant.now()).id();
        }
        Set<String> expect = new TreeSet<>();
        for (String person : FaultTeam.PHONES.keySet()) {
            expect.add(incident + "/" + person + (hung.contains(person) ? "/email" : "/phone"));
        }
        pages += expect.size();
        Map<String, Integer> received;
        try (Child scheduler = Child.start(config, FaultTeam.ENVIRONMENT, "scheduler")) {
            long started = System.nanoTime();
            long deadline = started + 150_000_000_000L;
            while (System.nanoTime() < deadline && !Sinks.received(smtp, phone).keySet().containsAll(expect)) {
                if (smtpDown && System.nanoTime() - started > SMTP_DOWN_MILLIS * 1_000_000) {
                    smtp.start();
                    smtpDown = false;
                }
                Thread.sleep(200);
            }
            Thread.sleep(1000);
            scheduler.stop();
            received = Sinks.received(smtp, phone);
        } finally {
            smtp.stop();
        }
        Sinks.Count count = Sinks.count(expect, received, Set.of());
        List<String> problems = new ArrayList<>(count.problems());
        Map<String, Long> hungRequests = new java.util.HashMap<>();
        phone.hung.forEach(sms -> hungRequests.merge(sms.to(), 1L, Long::sum));
        long resent = hungRequests.values().stream().mapToLong(n -> n - 1).sum();
        if (resent > 0) {
            problems.add("a number that hung was asked again " + resent + " times");
        }
        return FaultsBench.Round.of(count.lost(), count.duplicated() + resent, problems);
    }

    @Override
    public void close() {
        phone.close();
    }
}
