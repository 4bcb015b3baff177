package io.pipekeeper.notify;

import java.util.Arrays;
import java.util.Locale;

/** How one message leaves: the outbox's channel. A phone page is two messages, an SMS and a call, so that a retried call never resends its SMS. */
public enum Via {
    EMAIL, SMS, VOICE, SLACK, WEBHOOK, TEAMS;

    /** The name stored in the outbox and shown to people. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The way of reaching a person this belongs to, as escalation steps name it: {@code email}, {@code phone}, {@code slack}, {@code webhook}, {@code teams}. */
    public String way() {
        return this == SMS || this == VOICE ? "phone" : text();
    }

    /**
     * Whether it reaches one person (email, phone) rather than the whole team (Slack, Teams, the webhook): a Slack
     * direct message is beside a person's pages, never instead of them, so it is not one.
     */
    public boolean personal() {
        return this == EMAIL || this == SMS || this == VOICE;
    }

    static Via stored(String text) {
        return Arrays.stream(values()).filter(via -> via.text().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the outbox holds an unknown channel: " + text));
    }
}
