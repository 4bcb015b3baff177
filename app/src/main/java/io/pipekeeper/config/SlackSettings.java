package io.pipekeeper.config;

/**
 * How team pages reach Slack. Secrets are kept as written: a {@code ${env:NAME}} in them is read from the
 * environment only when a message is sent or a request checked.
 */
public sealed interface SlackSettings {
    /** An incoming webhook: pages post to its channel, one way (the URL is itself the secret). */
    record Webhook(String url) implements SlackSettings {
    }

    /**
     * A Slack app: pages post to {@code channel} with buttons, each incident's later events follow in the page's
     * thread, people paged get a direct message when {@code directMessages}, and the slash command answers.
     *
     * @param signingSecret what Slack signs its requests with
     * @param channel       the team's channel, by id or {@code #name}
     * @param apiBase       Slack's Web API root; tests point it at a local server
     */
    record App(String botToken, String signingSecret, String channel, boolean directMessages, String apiBase) implements SlackSettings {
        public static final String API_BASE = "https://slack.com/api";
    }
}
