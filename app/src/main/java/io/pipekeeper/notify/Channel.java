package io.pipekeeper.notify;

/** A way to reach a person (email, phone, a Slack direct message) or the team (Slack, Teams, a webhook). */
public interface Channel {
    /**
     * Sends one page to {@code address}; returns the provider's id for it. Throws when the provider refused or could
     * not be reached; the message never holds a secret.
     */
    String send(String address, String subject, String body) throws Exception;

    /** Sends one message of the outbox: a channel that follows incidents (Slack's threads) reads which incident and notice it is. */
    default String send(Outbox.Page page) throws Exception {
        return send(page.address(), page.subject(), page.body());
    }

    /** Called when a delivery pass has sent what was due: a channel may close connections it kept open for the pass. */
    default void idle() {
    }
}
