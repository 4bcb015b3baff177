package io.pipekeeper.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipekeeper.config.TeamsSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts team pages to a Microsoft Teams channel through a workflow's webhook, as an Adaptive Card: the subject in
 * bold, the body, and an Open button to the incident on the dashboard (when {@code base_url} is set).
 */
public final class TeamsChannel implements Channel {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Adaptive Card 1.4: what Teams renders everywhere, the mobile app included. */
    static final String CARD_VERSION = "1.4";

    private final TeamsSettings settings;
    private final Map<String, String> environment;

    public TeamsChannel(TeamsSettings settings, Map<String, String> environment) {
        this.settings = settings;
        this.environment = environment;
    }

    /** @param address the incident's page on the dashboard, or {@code #team} without a base_url (no Open button) */
    @Override
    public String send(String address, String subject, String body) throws IOException, InterruptedException {
        String url = Secrets.resolve(settings.webhook(), environment, "channels.teams");
        Http.post("Teams", url, Map.of("Content-Type", "application/json"), card(address, subject, body));
        return "teams:" + address;
    }

    /** The message a workflow's "post card" step reads: one attachment holding the card. */
    static String card(String address, String subject, String body) throws IOException {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", CARD_VERSION);
        card.put("body", List.of(
                Map.of("type", "TextBlock", "text", subject, "weight", "Bolder", "size", "Medium", "wrap", true),
                Map.of("type", "TextBlock", "text", body, "wrap", true)));
        List<Object> actions = new ArrayList<>();
        if (address.startsWith("http://") || address.startsWith("https://")) {
            actions.add(Map.of("type", "Action.OpenUrl", "title", "Open", "url", address));
        }
        card.put("actions", actions);
        return JSON.writeValueAsString(Map.of("type", "message", "attachments",
                List.of(Map.of("contentType", "application/vnd.microsoft.card.adaptive", "content", card))));
    }
}
