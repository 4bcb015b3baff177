package io.pipekeeper.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipekeeper.config.PhoneSettings;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Pages by phone through Twilio's REST API (the JDK's HttpClient): an SMS of the page's subject line, or a call
 * that speaks its body. The two are separate channels ({@code sms}, {@code voice}), each a message of its own in
 * the outbox, so that a call retried never sends its SMS again. The account and token are read from the
 * environment when a page is sent.
 */
public final class PhoneChannel implements Channel {
    /** What fits in two SMS segments. */
    public static final int SMS_LIMIT = 320;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PhoneSettings settings;
    private final Map<String, String> environment;
    private final Via kind;
    private final Optional<String> statusCallback;

    /** Where Twilio tells the server what became of each SMS and call (its status callbacks), under the server's base_url. */
    public static final String STATUS_HOOK = "/hooks/twilio/status";

    /**
     * @param kind           {@link Via#SMS} or {@link Via#VOICE}
     * @param statusCallback the URL Twilio posts each message's fate to (delivered, failed), when the server's base_url is known
     */
    public PhoneChannel(PhoneSettings settings, Map<String, String> environment, Via kind, Optional<String> statusCallback) {
        if (kind != Via.SMS && kind != Via.VOICE) {
            throw new IllegalArgumentException("a phone page is an SMS or a call, not " + kind.text());
        }
        this.settings = settings;
        this.environment = environment;
        this.kind = kind;
        this.statusCallback = statusCallback;
    }

    /** Sends the SMS ({@code text}) or places the call that speaks {@code spoken} (or runs it, when it is TwiML); returns Twilio's id. */
    @Override
    public String send(String number, String text, String spoken) throws IOException, InterruptedException {
        String account = Secrets.resolve(settings.accountSid(), environment, "channels.phone");
        String token = Secrets.resolve(settings.authToken(), environment, "channels.phone");
        if (kind == Via.SMS) {
            return post(account, token, "Messages.json", withCallback(Map.of("To", number, "From", settings.from(), "Body", sms(text)), "StatusCallback"));
        }
        String twiml = TwiML.isTwiML(spoken) ? spoken : TwiML.say(spoken);
        return post(account, token, "Calls.json", withCallback(Map.of("To", number, "From", settings.from(), "Twiml", twiml), "StatusCallback"));
    }

    private Map<String, String> withCallback(Map<String, String> form, String field) {
        Map<String, String> with = new LinkedHashMap<>(form);
        statusCallback.ifPresent(url -> with.put(field, url));
        return with;
    }

    /** The text cut to {@link #SMS_LIMIT} characters. */
    public static String sms(String text) {
        return text.length() <= SMS_LIMIT ? text : text.substring(0, SMS_LIMIT - 1) + "…";
    }

    private String post(String account, String token, String resource, Map<String, String> form) throws IOException, InterruptedException {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        String auth = Base64.getEncoder().encodeToString((account + ":" + token).getBytes(StandardCharsets.UTF_8));
        String answer = Http.post("Twilio", resource.startsWith("Calls") ? "the call" : "the SMS",
                settings.apiBase().replaceAll("/+$", "") + "/2010-04-01/Accounts/" + URLEncoder.encode(account, StandardCharsets.UTF_8) + "/" + resource,
                Map.of("Authorization", "Basic " + auth, "Content-Type", "application/x-www-form-urlencoded"), body);
        try {
            return JSON.readTree(answer).path("sid").asText("?");
        } catch (IOException e) {
            return "?"; // taken (2xx) but not said as JSON: the page went out
        }
    }
}
