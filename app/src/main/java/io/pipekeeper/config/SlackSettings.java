package io.pipekeeper.config;

/**
 * A Slack incoming webhook that pages post to the team's channel. Kept as written: a {@code ${env:NAME}} in it is
 * read from the environment only when a message is sent (the URL is itself the secret).
 */
public record SlackSettings(String webhook) {
}
