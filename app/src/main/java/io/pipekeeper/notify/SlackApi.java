package io.pipekeeper.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Slack's Web API as a bot: JSON posted with the bot token. Slack answers 200 with {@code "ok": false} and an error
 * code when it says no; an error that names something wrong for good (a channel it cannot post to, a revoked token)
 * is a rejection, one of Slack's own troubles is worth trying again, and a rate limit (HTTP 429) is tried when it says.
 */
final class SlackApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Slack's errors that say it could not take the call just now. */
    private static final Set<String> TRANSIENT = Set.of("internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited");

    private final String base;
    private final String token;

    SlackApi(String base, String token) {
        this.base = base.replaceAll("/+$", "");
        this.token = token;
    }

    /** Calls {@code method} ({@code chat.postMessage}, {@code chat.update}) and returns Slack's answer when it said ok. */
    JsonNode call(String method, Map<String, Object> arguments) throws IOException, InterruptedException {
        String answer = Http.post("Slack", method, base + "/" + method, Map.of("Content-Type", "application/json; charset=utf-8",
                "Authorization", "Bearer " + token), JSON.writeValueAsString(arguments));
        JsonNode node = JSON.readTree(answer);
        if (node.path("ok").asBoolean(false)) {
            return node;
        }
        String error = node.path("error").asText("no error code");
        if (TRANSIENT.contains(error)) {
            throw new IOException("Slack could not take " + method + ": " + error);
        }
        throw new Http.Rejected("Slack rejected " + method + ": " + error);
    }

    /**
     * Answers a button click or a command through the {@code response_url} Slack gave with it: an ephemeral message
     * only the person who clicked sees. The URL came in a request signed by Slack.
     */
    static void respond(String responseUrl, String text) throws IOException, InterruptedException {
        Http.post("Slack", "the answer", responseUrl, Map.of("Content-Type", "application/json; charset=utf-8"),
                JSON.writeValueAsString(Map.of("response_type", "ephemeral", "replace_original", false, "text", text)));
    }
}
