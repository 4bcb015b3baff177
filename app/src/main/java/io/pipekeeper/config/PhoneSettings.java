package io.pipekeeper.config;

/**
 * Twilio, for pages by SMS and voice call. {@code accountSid} and {@code authToken} are kept as written: a
 * {@code ${env:NAME}} in them is read from the environment only when a page is sent.
 *
 * @param apiBase  Twilio's API root ({@code https://api.twilio.com}); tests point it at a local server
 * @param throttle at most this many SMS, and as many calls, per person per window
 */
public record PhoneSettings(String accountSid, String authToken, String from, String apiBase, boolean sms, boolean voice, Throttle throttle) {
    /** At most {@code most} messages of one channel per person in any {@code per}. */
    public record Throttle(int most, java.time.Duration per) {
        public static final Throttle DEFAULT = new Throttle(5, java.time.Duration.ofMinutes(15));
    }
}
