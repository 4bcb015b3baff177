package io.pipekeeper.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/** One POST to a provider. Its errors name the provider and the status, never the URL or a header: either may hold a secret. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Http() {
    }

    /**
     * The provider asked to be called later (HTTP 429, or 503 with {@code Retry-After}): the page is tried again
     * when it says, not sooner.
     */
    static final class RateLimited extends IOException {
        final Optional<Duration> retryAfter;

        RateLimited(String message, Optional<Duration> retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }
    }

    /**
     * The provider read the request and said no (HTTP 4xx other than 408 and 429: a number it will not message, a
     * bad address): sending it again would get the same answer, so a rejection is final.
     */
    static final class Rejected extends IOException {
        Rejected(String message) {
            super(message);
        }
    }

    /** Posts {@code body}; returns the response's body, or throws when the answer is not 2xx or nobody answered. */
    static String post(String provider, String url, Map<String, String> headers, String body) throws IOException, InterruptedException {
        return post(provider, "it", url, headers, body);
    }

    /** As {@link #post(String, String, Map, String)}, with what was sent named in a refusal ("Twilio refused the SMS"). */
    static String post(String provider, String what, String url, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(provider, url)).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // The cause is kept for DeliveryLoop to tell a timeout from a refusal; only this message is ever shown.
            throw new IOException(provider + " could not be reached: " + e.getClass().getSimpleName(), e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response.body();
        }
        String refused = provider + " refused " + what + ": HTTP " + status + " (" + said(response.body()) + ")";
        // A date in Retry-After is read against the provider's own clock (its Date header), so that clocks apart do not matter.
        Instant theirNow = response.headers().firstValue("Date").flatMap(Http::httpDate).orElseGet(Instant::now);
        Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(value -> retryAfter(value, theirNow));
        if (status == 429 || (status == 503 && retryAfter.isPresent())) {
            throw new RateLimited(refused + "; it asks to wait" + retryAfter.map(wait -> " " + wait.toSeconds() + " s").orElse(""), retryAfter);
        }
        if (status / 100 == 4 && status != 408) {
            throw new Rejected(provider + " rejected " + what + ": HTTP " + status + " (" + said(response.body()) + ")");
        }
        throw new IOException(refused);
    }

    /** What the provider said: the {@code message} of a JSON error (Twilio's, Slack's), else its first line, else that it said nothing. */
    static String said(String body) {
        String text = body == null ? "" : body.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode json = JSON.readTree(text);
                String message = json.path("message").asText(json.path("error").asText(""));
                if (!message.isBlank()) {
                    return cut(message.strip());
                }
            } catch (IOException notJson) {
                // said in some other way: its first line below
            }
        }
        String first = text.lines().findFirst().orElse("").strip();
        return first.isEmpty() ? "no message" : cut(first);
    }

    /** {@code Retry-After}: a number of seconds or an HTTP date (RFC 9110) after {@code now}; empty when it is neither. */
    static Optional<Duration> retryAfter(String value, Instant now) {
        String text = value.strip();
        if (text.matches("[0-9]{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        return httpDate(text).map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    }

    private static Optional<Instant> httpDate(String text) {
        try {
            return Optional.of(ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static URI uri(String provider, String url) throws IOException {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IOException(provider + "'s URL is not a valid URL");
        }
    }

    private static String cut(String text) {
        return text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }
}
