package io.pipekeeper.config;

/**
 * A Microsoft Teams workflow ("When a Teams webhook request is received") that posts team pages to a channel as
 * Adaptive Cards. Kept as written: a {@code ${env:NAME}} in it is read only when a message is sent (the URL is the secret).
 */
public record TeamsSettings(String webhook) {
}
