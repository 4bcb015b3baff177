package io.pipekeeper.config;

/**
 * An HTTP endpoint that receives each page as JSON, signed with HMAC-SHA256 under {@code secret} (kept as
 * written; a {@code ${env:NAME}} is read when a page is sent).
 */
public record WebhookSettings(String url, String secret) {
}
