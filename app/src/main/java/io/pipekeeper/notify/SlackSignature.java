package io.pipekeeper.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Slack's signature on the requests it sends (a button clicked, a slash command): {@code X-Slack-Signature} is
 * {@code v0=} and the hex HMAC-SHA256, under the app's signing secret, of {@code v0:<X-Slack-Request-Timestamp>:<body>}.
 * A request more than {@link #MOST_AGE} from now is refused, so that a recorded one cannot be replayed.
 */
public final class SlackSignature {
    /** How far a request's timestamp may be from now: Slack's own advice. */
    public static final Duration MOST_AGE = Duration.ofMinutes(5);

    private SlackSignature() {
    }

    /** The signature Slack sends for {@code body} at {@code timestamp} (UNIX seconds). */
    public static String of(String secret, String timestamp, String body) {
        return "v0=" + HexFormat.of().formatHex(Hmac.sha256(secret.getBytes(StandardCharsets.UTF_8), "v0:" + timestamp + ":" + body));
    }

    /** Why the request is refused (unsigned, too old, wrongly signed); empty when Slack signed it within {@link #MOST_AGE} of {@code now}. */
    public static Optional<String> refusal(String secret, String timestamp, String body, String signature, Instant now) {
        if (timestamp == null || signature == null || !timestamp.matches("[0-9]{1,12}")) {
            return Optional.of("not signed by Slack (X-Slack-Signature and X-Slack-Request-Timestamp)");
        }
        Duration age = Duration.between(Instant.ofEpochSecond(Long.parseLong(timestamp)), now).abs();
        if (age.compareTo(MOST_AGE) > 0) {
            return Optional.of("Slack signed this request " + age.toSeconds() + " s from now; requests more than " + MOST_AGE.toMinutes()
                    + " minutes old are refused (is this server's clock right?)");
        }
        if (!MessageDigest.isEqual(of(secret, timestamp, body).getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("not signed by Slack: X-Slack-Signature does not match the signing secret");
        }
        return Optional.empty();
    }
}
