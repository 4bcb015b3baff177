package io.pipekeeper.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipekeeper.config.SlackSettings;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages through a Slack app. An incident's first message to the team goes to the team's channel with buttons
 * (Acknowledge, Resolve, Escalate, Snooze 1 h, and Noise: the page should not have been sent); everything later about it (pages of later steps, notices, the events
 * {@code thread} messages carry) goes into that message's thread. A page to a person goes to them as a direct message
 * with the same buttons. Each time it posts about an incident it brings every message it posted about it up to the
 * incident's state, in place: who acknowledged or resolved it, and when; a resolved incident's buttons go. The
 * messages are kept in {@code slack_messages}, which this class alone writes.
 */
public final class SlackAppChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(SlackAppChannel.class);
    /** Slack shows at most 3,000 characters of a section's text. */
    static final int SECTION_MOST = 3_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE HH:mm z", Locale.ROOT);

    private final SlackSettings.App settings;
    private final Map<String, String> environment;
    private final Jdbi jdbi;
    private final ZoneId zone;

    /** @param zone the team's, for the times a message shows */
    public SlackAppChannel(SlackSettings.App settings, Map<String, String> environment, Jdbi jdbi, ZoneId zone) {
        this.settings = settings;
        this.environment = environment;
        this.jdbi = jdbi;
        this.zone = zone;
    }

    /** A message about no incident (a test page): posted as it is to {@code address}, a channel or a person's id. */
    @Override
    public String send(String address, String subject, String body) throws IOException, InterruptedException {
        String channel = address.startsWith("#team") ? settings.channel() : address;
        JsonNode posted = api().call("chat.postMessage", Map.of("channel", channel, "text", text(subject, body)));
        return id(posted);
    }

    @Override
    public String send(Outbox.Page page) throws IOException, InterruptedException {
        if (page.incidentId() == null) {
            return send(page.address(), page.subject(), page.body());
        }
        long incident = page.incidentId();
        boolean toTeam = page.person().equals(PageRequest.TEAM);
        Optional<Posted> thread = toTeam ? posted(incident, PageRequest.TEAM) : Optional.empty();
        String id;
        if (thread.isPresent()) {
            String text = page.notice() == Notice.THREAD ? SlackChannel.escape(page.body()) : text(page.subject(), page.body());
            id = id(api().call("chat.postMessage", Map.of("channel", thread.get().channel(), "thread_ts", thread.get().ts(), "text", text)));
        } else if (page.notice() == Notice.THREAD) {
            throw new Http.Rejected("Slack has no thread for incident #" + incident + " to reply in");
        } else {
            Status status = status(incident);
            JsonNode posted = api().call("chat.postMessage", Map.of("channel", toTeam ? settings.channel() : page.address(),
                    "text", text(page.subject(), page.body()), "blocks", blocks(incident, page.subject(), page.body(), status)));
            remember(incident, page.person(), posted, page, status);
            id = id(posted);
        }
        bringUpToDate(incident);
        return id;
    }

    /** A message this channel posted about an incident: where, and what it showed. */
    record Posted(String person, String channel, String ts, String subject, String body, String shown) {
    }

    /** What an incident is now, as its messages show it. */
    record Status(String line, boolean open) {
    }

    private Optional<Posted> posted(long incident, String person) {
        return all(incident).stream().filter(p -> p.person().equals(person)).findFirst();
    }

    private List<Posted> all(long incident) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM slack_messages WHERE incident_id = :i ORDER BY posted_at, person")
                .bind("i", incident).map((rs, ctx) -> new Posted(rs.getString("person"), rs.getString("channel"), rs.getString("ts"),
                        rs.getString("subject"), rs.getString("body"), rs.getString("shown"))).list());
    }

    private void remember(long incident, String person, JsonNode posted, Outbox.Page page, Status status) {
        jdbi.useTransaction(handle -> {
            long eventsBefore = handle.createQuery("SELECT COALESCE(MAX(id), 0) FROM incident_events WHERE incident_id = :i").bind("i", incident)
                    .mapTo(Long.class).one();
            // A later step's direct message to the same person replaces the one remembered: the newest is updated in place.
            handle.createUpdate("DELETE FROM slack_messages WHERE incident_id = :i AND person = :p").bind("i", incident).bind("p", person).execute();
            handle.createUpdate("""
                            INSERT INTO slack_messages (incident_id, person, channel, ts, subject, body, shown, events_before, posted_at)
                            VALUES (:i, :p, :c, :ts, :subject, :body, :shown, :before, :at)
                            """)
                    .bind("i", incident).bind("p", person).bind("c", posted.path("channel").asText()).bind("ts", posted.path("ts").asText())
                    .bind("subject", page.subject()).bind("body", page.body()).bind("shown", status.line()).bind("before", eventsBefore)
                    .bind("at", OffsetDateTime.now(ZoneOffset.UTC)).execute();
        });
    }

    /**
     * Updates, in place, each message about the incident that shows an older state. A failure here is logged and left:
     * the message is tried again the next time anything is posted about the incident, and the page that was posted stands.
     */
    private void bringUpToDate(long incident) throws InterruptedException {
        Status status = status(incident);
        for (Posted message : all(incident)) {
            if (message.shown().equals(status.line())) {
                continue;
            }
            try {
                api().call("chat.update", Map.of("channel", message.channel(), "ts", message.ts(), "text", text(message.subject(), message.body()),
                        "blocks", blocks(incident, message.subject(), message.body(), status)));
                jdbi.useHandle(handle -> handle.createUpdate("UPDATE slack_messages SET shown = :shown WHERE incident_id = :i AND person = :p")
                        .bind("shown", status.line()).bind("i", incident).bind("p", message.person()).execute());
            } catch (IOException e) {
                LOG.warn("could not update the Slack message about incident #{} in {}: {}", incident, message.channel(), e.getMessage());
            }
        }
    }

    private Status status(long incident) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT status, acknowledged_by, acknowledged_at, resolved_by, resolved_at FROM incidents WHERE id = :i
                        """).bind("i", incident).map((rs, ctx) -> switch (rs.getString("status")) {
                    case "acknowledged" -> new Status("Acknowledged by " + rs.getString("acknowledged_by") + ", " + shown(rs.getObject("acknowledged_at",
                            OffsetDateTime.class)), true);
                    case "resolved" -> new Status("Resolved by " + rs.getString("resolved_by") + ", " + shown(rs.getObject("resolved_at",
                            OffsetDateTime.class)), false);
                    default -> new Status("Not acknowledged yet", true);
                }).one());
    }

    private String shown(OffsetDateTime at) {
        return at == null ? "" : TIME.format(at.atZoneSameInstant(zone));
    }

    /**
     * The page as Block Kit: the text, the incident's state, and its buttons while it is open. Each button's value is
     * the incident's id; what a click does is decided again, as the person who clicked, when it arrives.
     */
    static List<Object> blocks(long incident, String subject, String body, Status status) {
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", cut(text(subject, body)))));
        blocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text", "*#" + incident + "* · " + SlackChannel.escape(status.line())))));
        if (status.open()) {
            List<Object> buttons = new ArrayList<>();
            buttons.add(button("ack", "Acknowledge", incident, Optional.of("primary")));
            buttons.add(button("resolve", "Resolve", incident, Optional.empty()));
            buttons.add(button("escalate", "Escalate", incident, Optional.of("danger")));
            buttons.add(button("snooze", "Snooze 1 h", incident, Optional.empty()));
            buttons.add(button("noise", "Noise", incident, Optional.empty()));
            blocks.add(Map.of("type", "actions", "block_id", "incident-" + incident, "elements", buttons));
        }
        return blocks;
    }

    private static Map<String, Object> button(String action, String label, long incident, Optional<String> style) {
        Map<String, Object> button = new LinkedHashMap<>();
        button.put("type", "button");
        button.put("action_id", action);
        button.put("text", Map.of("type", "plain_text", "text", label));
        button.put("value", Long.toString(incident));
        style.ifPresent(s -> button.put("style", s));
        return button;
    }

    /** The subject in bold, then the body: what a notification and a client without blocks show. */
    static String text(String subject, String body) {
        return "*" + SlackChannel.escape(subject) + "*\n" + SlackChannel.escape(body);
    }

    private static String cut(String text) {
        return text.length() <= SECTION_MOST ? text : text.substring(0, SECTION_MOST - 1) + "…";
    }

    private static String id(JsonNode posted) {
        return "slack:" + posted.path("channel").asText() + "/" + posted.path("ts").asText();
    }

    /** Answers a click or a command only to the person who made it, through the {@code response_url} Slack signed it with. */
    public static void respond(String responseUrl, String text) throws IOException, InterruptedException {
        SlackApi.respond(responseUrl, text);
    }

    private SlackApi api() {
        return new SlackApi(settings.apiBase(), Secrets.resolve(settings.botToken(), environment, "channels.slack.app"));
    }
}
