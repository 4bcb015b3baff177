package io.pipekeeper.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.base.GreenMailOperations;
import io.pipekeeper.App;
import io.pipekeeper.Background;
import io.pipekeeper.DrillClock;
import io.pipekeeper.cli.Cli;
import io.pipekeeper.cli.Invocation;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.Person;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.notify.TwilioSignature;
import io.pipekeeper.web.WebServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The paging drill's harness, in the manner of GoAlert's smoke tests: the fixture team of
 * {@code examples/paging-drill/}, a real scheduler and server ({@link Background}, {@link WebServer}) reading the
 * drill clock, GreenMail for email and {@link TwilioSink} for SMS and calls. A scenario moves the clock, waits for the
 * messages it expects and asserts that exactly those arrived ({@link #expect}); {@link #quiet()} is the quiet check:
 * a few more scheduler passes in which nothing at all is sent.
 */
final class Drill implements AutoCloseable {
    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final String AUTH_TOKEN = "drill-token-0123456789";
    private static final String BASE_URL = "http://drill.example";
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Three scheduler passes and more: the scheduler and the delivery loop look every 250 ms. */
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One message as a person received it: {@code alice sms}, {@code olga email}, with its text (a mail's subject). */
    record Message(String person, String kind, String text) {
        String who() {
            return person + " " + kind;
        }
    }

    final Path dir;
    final DrillClock clock;
    final App app;
    final TwilioSink twilio;
    private final GreenMailOperations smtp;
    private final Map<String, String> environment;
    private final Background background;
    private final WebServer server;
    private final java.util.Set<String> mailsSeen = new java.util.HashSet<>();
    private int phoneSeen;

    private Drill(Path dir, GreenMailOperations smtp, String startAt, UnaryOperator<String> edit) throws IOException {
        this.dir = dir;
        this.smtp = smtp;
        this.clock = new DrillClock(dir.resolve("clock.txt"));
        clock.set(instant(startAt));
        this.twilio = new TwilioSink(clock::now);
        Path fixture = Path.of(System.getProperty("user.dir")).resolveSibling("examples").resolve("paging-drill");
        String text = Files.readString(fixture.resolve("pipekeeper.yaml"))
                .replace("port: 3025", "port: " + smtp.getSmtp().getPort())
                .replace("http://127.0.0.1:3080", twilio.base());
        Files.writeString(dir.resolve("pipekeeper.yaml"), edit.apply(text));
        Files.createDirectories(dir.resolve("pipelines"));
        for (String sql : List.of("ingest.sql", "billing.sql")) {
            Files.copy(fixture.resolve("pipelines").resolve(sql), dir.resolve("pipelines").resolve(sql));
        }
        this.environment = Map.of(DrillClock.VARIABLE, clock.file().toString(), "TWILIO_ACCOUNT_SID", "ACdrill", "TWILIO_AUTH_TOKEN", AUTH_TOKEN);
        this.app = new App(new ConfigLoader().load(dir.resolve("pipekeeper.yaml"), "pipekeeper.yaml"), environment);
        this.background = Background.start(app, Duration.ofMillis(250));
        this.server = WebServer.start(app, "127.0.0.1", 0, background::lastPass, app.clock());
    }

    /** The fixture, its scheduler and server started with the drill clock at {@code startAt} (Chicago). */
    static Drill start(Path dir, GreenMailOperations smtp, String startAt) throws IOException {
        return start(dir, smtp, startAt, UnaryOperator.identity());
    }

    /** The fixture with {@code edit} applied to its text. */
    static Drill start(Path dir, GreenMailOperations smtp, String startAt, UnaryOperator<String> edit) throws IOException {
        return new Drill(dir, smtp, startAt, edit);
    }

    /** Sets the drill clock to a Chicago wall-clock time, {@code 2026-01-06T10:00}. */
    Drill at(String chicago) {
        clock.set(instant(chicago));
        return this;
    }

    static Instant instant(String chicago) {
        return LocalDateTime.parse(chicago).atZone(CHICAGO).toInstant();
    }

    /** The command line, in this process, with the drill's environment; fails unless it exits 0. */
    String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new Invocation(new PrintWriter(out), new PrintWriter(err), environment, dir), args);
        assertThat(code).as("pipekeeper %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    /** {@code pipekeeper alert raise}: the incident's id. */
    long raise(String pipeline, String severity, String key, String summary) {
        try {
            JsonNode json = new ObjectMapper().readTree(cli("alert", "raise", "--pipeline", pipeline, "--severity", severity, "--key", key,
                    "--summary", summary, "--json"));
            return json.path("id").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for the messages named ({@code "alice sms"}, {@code "bob call"}, {@code "olga email"}) and asserts that
     * exactly those, in any order, arrived since the last look; returns them.
     */
    List<Message> expect(String... who) {
        List<String> wanted = Arrays.stream(who).sorted().toList();
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Message> arrived = peek();
        while (arrived.size() < wanted.size() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(50));
            arrived = peek();
        }
        sleep(Duration.ofMillis(300)); // a message too many would come with the rest
        arrived = take();
        assertThat(arrived.stream().map(Message::who).sorted().toList()).as("the messages at %s: %s", clock.now().atZone(CHICAGO), arrived).isEqualTo(wanted);
        return arrived;
    }

    /** The quiet check: over several scheduler passes, nothing at all is sent. */
    void quiet() {
        sleep(QUIET);
        assertThat(take()).as("nothing more is sent at %s", clock.now().atZone(CHICAGO)).isEmpty();
    }

    /** An SMS reply from a person's phone to the server's hook, signed as Twilio signs it: what the server answers (empty: nothing). */
    String reply(String person, String body) {
        String answer = post("/hooks/twilio/sms", Map.of("From", phone(person), "Body", body));
        return text(answer, "Message");
    }

    /** A key pressed during the call that paged {@code person} for an incident: what the call says back. */
    String press(String person, long incident, String digit) {
        return text(post("/hooks/twilio/voice?incident=" + incident, Map.of("To", phone(person), "Digits", digit)), "Say");
    }

    /** Twilio's status callback for a message it took: delivered, undelivered, failed, completed… */
    void status(TwilioSink.Taken taken, String status) {
        String field = taken.kind().equals("sms") ? "Message" : "Call";
        post(URI.create(taken.statusCallback()).getPath(), Map.of(field + "Sid", taken.sid(), field + "Status", status));
    }

    Incident incident(long id) {
        return app.incidentStore().find(id).orElseThrow();
    }

    List<String> timeline(long id) {
        return app.incidentStore().timeline(id).stream().map(Incident.Event::text).toList();
    }

    String phone(String person) {
        return app.catalog().team().person(person).flatMap(Person::phone).orElseThrow();
    }

    private String post(String pathAndQuery, Map<String, String> form) {
        Map<String, List<String>> fields = new TreeMap<>();
        form.forEach((k, v) -> fields.put(k, List.of(v)));
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Twilio-Signature", TwilioSignature.of(AUTH_TOKEN, BASE_URL + pathAndQuery, fields))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("POST %s: %s", pathAndQuery, response.body()).isBetween(200, 299);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String text(String twiml, String element) {
        Matcher m = Pattern.compile("<" + element + ">(.*?)</" + element + ">", Pattern.DOTALL).matcher(twiml);
        return m.find() ? m.group(1).replace("&apos;", "'").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") : "";
    }

    private List<Message> peek() {
        return arrived(false);
    }

    private List<Message> take() {
        return arrived(true);
    }

    private synchronized List<Message> arrived(boolean consume) {
        List<Message> arrived = new ArrayList<>();
        // GreenMail lists messages by mailbox, not by arrival: a new one may come before older ones, so they are told apart by id.
        List<String> fresh = new ArrayList<>();
        for (MimeMessage mail : smtp.getReceivedMessages()) {
            try {
                if (mailsSeen.contains(mail.getMessageID())) {
                    continue;
                }
                fresh.add(mail.getMessageID());
                arrived.add(new Message(personByEmail(mail.getAllRecipients()[0].toString()), "email", mail.getSubject()));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        List<TwilioSink.Taken> phone = twilio.taken;
        for (int i = phoneSeen; i < phone.size(); i++) {
            arrived.add(new Message(personByPhone(phone.get(i).to()), phone.get(i).kind(), phone.get(i).text()));
        }
        if (consume) {
            mailsSeen.addAll(fresh);
            phoneSeen = phone.size();
        }
        return arrived;
    }

    private String personByEmail(String address) {
        return app.catalog().people().stream().filter(p -> p.email().equals(address)).map(Person::id).findFirst().orElse(address);
    }

    private String personByPhone(String number) {
        return app.catalog().people().stream().filter(p -> p.phone().filter(number::equals).isPresent()).map(Person::id).findFirst().orElse(number);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        background.close();
        app.close();
        twilio.close();
    }
}
