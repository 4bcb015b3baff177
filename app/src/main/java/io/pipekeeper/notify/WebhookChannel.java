package io.pipekeeper.notify;

import io.pipekeeper.config.WebhookSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;

/**
 * Posts each page as JSON to the team's endpoint. The receiver checks {@code X-Pipekeeper-Signature}:
 * {@code v1=} and the hex HMAC-SHA256, under the shared secret, of {@code <X-Pipekeeper-Timestamp>.<body>}; the
 * timestamp (UNIX seconds) lets it refuse replays. {@code X-Pipekeeper-Delivery} is the same for every retry of
 * one page, so a receiver can drop a repeat.
 */
public final class WebhookChannel implements Channel {
    private final WebhookSettings settings;
    private final Map<String, String> environment;
    private final Clock clock;

    public WebhookChannel(WebhookSettings settings, Map<String, String> environment, Clock clock) {
        this.settings = settings;
        this.environment = environment;
        this.clock = clock;
    }

    /** @param address the delivery's id; {@code body} is the JSON document */
    @Override
    public String send(String address, String subject, String body) throws IOException, InterruptedException {
        String url = Secrets.resolve(settings.url(), environment, "channels.webhook");
        String secret = Secrets.resolve(settings.secret(), environment, "channels.webhook");
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        Http.post("The webhook", url, Map.of("Content-Type", "application/json", "X-Pipekeeper-Timestamp", timestamp,
                "X-Pipekeeper-Signature", "v1=" + sign(secret, timestamp, body), "X-Pipekeeper-Delivery", address), body);
        return "webhook:" + address;
    }

    /** The hex HMAC-SHA256 of {@code timestamp.body} under {@code secret}. */
    public static String sign(String secret, String timestamp, String body) {
        return HexFormat.of().formatHex(Hmac.sha256(secret.getBytes(StandardCharsets.UTF_8), timestamp + "." + body));
    }
}
