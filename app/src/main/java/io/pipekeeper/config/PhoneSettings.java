package io.pipekeeper.config;

/**
 * Twilio, for pages by SMS and voice call. {@code accountSid} and {@code authToken} are kept as written: a
 * {@code ${env:NAME}} in them is read from the environment only when a page is sent.
 *
 * @param apiBase Twilio's API root ({@code https://api.twilio.com}); tests point it at a local server
 */
public record PhoneSettings(String accountSid, String authToken, String from, String apiBase, boolean sms, boolean voice) {
}
