package io.pipekeeper.notify;

/** A way to reach a person (email, phone) or the team (Slack, a webhook). */
public interface Channel {
    /**
     * Sends one page to {@code address}; returns the provider's id for it. Throws when the provider refused or could
     * not be reached; the message never holds a secret.
     */
    String send(String address, String subject, String body) throws Exception;

    /** Called when a delivery pass has sent what was due: a channel may close connections it kept open for the pass. */
    default void idle() {
    }
}
