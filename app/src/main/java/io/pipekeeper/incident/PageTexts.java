package io.pipekeeper.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.notify.ActionLinks;
import io.pipekeeper.notify.PhoneChannel;
import io.pipekeeper.notify.TwiML;
import io.pipekeeper.troubleshooting.Troubleshooting;
import io.pipekeeper.oncall.Roster;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** What a page says: a subject that tells the severity, the subject, what happened and the respond-by time; a body with the rest. */
public final class PageTexts {
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    /** Links in a page stop working a day after the incident's resolve deadline. */
    static final Duration LINKS_OUTLIVE_RESOLVE_BY = Duration.ofDays(1);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm zzz", Locale.ENGLISH);

    private PageTexts() {
    }

    public static String subject(Catalog catalog, Incident incident) {
        // A check's kind says what failed ("run failed"); an incident opened by hand or by an alert says it in its title.
        String what = incident.kind().equals("manual") || incident.kind().equals("alert") ? incident.title() : incident.kind().replace('_', ' ');
        return "[" + incident.severity().toUpperCase(Locale.ROOT) + "] " + incident.subject() + ": " + what
                + incident.date().map(d -> " for " + d).orElse("") + " — respond by "
                + time(catalog, incident.respondBy());
    }

    /** The SMS: the incident's number, the subject line and how to answer by reply, in at most 320 characters. */
    public static String sms(Catalog catalog, Incident incident) {
        return PhoneChannel.sms("pipekeeper #" + incident.id() + " " + subject(catalog, incident) + ". Reply " + incident.id() + "a to acknowledge, "
                + incident.id() + "c to resolve.");
    }

    /** What the call says: the severity, what happened, and by when to respond. */
    public static String spoken(Catalog catalog, Incident incident) {
        return "pipekeeper. " + incident.severity() + " incident " + incident.id() + ". " + incident.title() + ". Respond by "
                + time(catalog, incident.respondBy()) + ".";
    }

    /** What the call offers after the message. */
    static final String MENU = "Press 4 to acknowledge, 6 to resolve, 1 to hear this again.";

    /**
     * The call, as TwiML: it speaks the page and, when the server's base_url is known, offers the menu: 4
     * acknowledges, 6 resolves, 1 repeats (Twilio posts the key to the server's voice hook).
     */
    public static String twiml(Catalog catalog, Incident incident) {
        String spoken = spoken(catalog, incident);
        return catalog.baseUrl().map(base -> TwiML.gatherOneKey(base.replaceAll("/+$", "") + "/hooks/twilio/voice?incident=" + incident.id(),
                        spoken + " " + MENU, "No key was pressed. The page stands."))
                .orElse(TwiML.say(spoken));
    }

    /** A deadline as a page states it: the time of day in the team's zone ({@code 11:00 EST}). */
    public static String time(Catalog catalog, java.time.Instant instant) {
        return TIME.format(instant.atZone(catalog.team().timezone()));
    }

    /** What the webhook receives: the incident as JSON, with the step that paged and who it paged. */
    public static String json(Catalog catalog, Incident incident, int step, List<String> paged) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("event", "page");
        page.put("summary", subject(catalog, incident));
        page.put("incident", Map.ofEntries(
                Map.entry("id", incident.id()), Map.entry("key", incident.key()), Map.entry("title", incident.title()),
                Map.entry("severity", incident.severity()), Map.entry("status", incident.status().text()),
                Map.entry("subject", incident.subject()), Map.entry("kind", incident.kind()),
                Map.entry("run_date", incident.date().map(Object::toString).orElse("")),
                Map.entry("opened_at", incident.openedAt().toString()), Map.entry("respond_by", incident.respondBy().toString()),
                Map.entry("resolve_by", incident.resolveBy().toString()), Map.entry("blast_radius", incident.blastRadius())));
        page.put("step", step);
        page.put("paged", paged);
        try {
            return JSON.writeValueAsString(page);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a page of strings and numbers always writes as JSON", e);
        }
    }

    /** The body for one person: with their signed acknowledge and resolve links, and useful and noise, when the server's base_url is set. */
    public static String body(Catalog catalog, Incident incident, List<Impact> impacts, List<String> paged, ActionLinks links, String person) {
        StringBuilder body = new StringBuilder(body(catalog, incident, impacts, paged));
        Instant expires = incident.resolveBy().plus(LINKS_OUTLIVE_RESOLVE_BY);
        links.link("ack", incident.id(), person, expires).ifPresent(url -> body.append("Acknowledge as ").append(person).append(": ")
                .append(url).append("\n"));
        links.link("resolve", incident.id(), person, expires).ifPresent(url -> body.append("Resolve as ").append(person).append(":     ")
                .append(url).append("\n"));
        links.link("useful", incident.id(), person, expires).ifPresent(url -> body.append("\nWas this page worth waking for? Useful: ").append(url)
                .append("\n"));
        links.link("noise", incident.id(), person, expires).ifPresent(url -> body.append("Noise (it should not have paged): ").append(url).append("\n"));
        return body.toString();
    }

    /** The body for the team's channels; {@code impacts} are what the incident's cause held back so far, listed under the title. */
    public static String body(Catalog catalog, Incident incident, List<Impact> impacts, List<String> paged) {
        StringBuilder body = new StringBuilder();
        body.append(incident.title()).append("\n\n");
        if (!impacts.isEmpty()) {
            body.append("Held back by the same cause (").append(impacts.size()).append("; none pages on its own):\n");
            impacts.forEach(impact -> body.append("- ").append(impact.shown()).append(impact.recovered() ? " (recovered)" : "").append("\n"));
            body.append("\n");
        }
        body.append("Severity: ").append(incident.severity()).append("; respond by ")
                .append(Roster.shown(incident.respondBy(), catalog.team().timezone())).append(", resolve by ")
                .append(Roster.shown(incident.resolveBy(), catalog.team().timezone())).append(".\n");
        body.append("Blast radius: ").append(incident.blastRadius()).append(".\n");
        body.append("Paged now: ").append(String.join(", ", paged)).append(".\n");
        Troubleshooting troubleshooting = new Troubleshooting(catalog);
        troubleshooting.owning(incident.subject()).ifPresent(pipeline -> {
            body.append("\n").append(pipeline.name()).append(": ").append(pipeline.purpose()).append("\n");
            body.append("Owners: ").append(pipeline.owners().primary()).append(" (primary), ").append(pipeline.owners().secondary())
                    .append(" (secondary).\n");
        });
        troubleshooting.forIncident(incident.subject(), incident.kind(), incident.checkName()).ifPresent(entry -> {
            body.append("\nFrom the runbook, ").append(entry.title()).append(":\n");
            body.append("- Symptom: ").append(entry.symptom()).append(".\n");
            for (int i = 0; i < entry.look().size(); i++) {
                body.append("- Look at ").append(i + 1).append(": ").append(entry.look().get(i)).append(".\n");
            }
            body.append("- Run it again: ").append(entry.command()).append("\n");
            entry.note().ifPresent(note -> body.append("- The team's note: ").append(note).append("\n"));
        });
        body.append("\nWhat to do: acknowledge first (it stops the escalation); check the severity and change it if it is wrong; find the "
                + "cause with the entry above; fix, run again, and resolve with what fixed it. The secondary on call and the owners help.\n");
        troubleshooting.owning(incident.subject()).ifPresent(pipeline -> body.append("Runbook: ").append(catalog.baseUrl()
                .map(base -> base.replaceAll("/+$", "") + "/runbooks/" + pipeline.id())
                .orElse("pipekeeper runbook " + pipeline.id())).append("\n"));
        body.append("\nAcknowledge: pipekeeper incident ack ").append(incident.id()).append(" --by YOU\n");
        body.append("Details:     pipekeeper incident show ").append(incident.id()).append("\n");
        return body.toString();
    }
}
