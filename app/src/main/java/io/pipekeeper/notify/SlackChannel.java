package io.pipekeeper.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipekeeper.config.SlackSettings;
import java.io.IOException;
import java.util.Map;

/** Posts pages to the team's Slack channel through an incoming webhook: the subject in bold, then the body. */
public final class SlackChannel implements Channel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SlackSettings.Webhook settings;
    private final Map<String, String> environment;

    public SlackChannel(SlackSettings.Webhook settings, Map<String, String> environment) {
        this.settings = settings;
        this.environment = environment;
    }

    /** Slack's incoming webhooks answer "ok" and give no id; the returned id is that answer. */
    @Override
    public String send(String address, String subject, String body) throws IOException, InterruptedException {
        String url = Secrets.resolve(settings.url(), environment, "channels.slack");
        String text = "*" + escape(subject) + "*\n" + escape(body);
        String answer = Http.post("Slack", url, Map.of("Content-Type", "application/json"), JSON.writeValueAsString(Map.of("text", text)));
        return "slack:" + answer.strip();
    }

    /** Slack's three control characters, escaped as its docs ask. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
