package io.pipekeeper.notify;

import java.util.Arrays;
import java.util.Locale;

/** What a message in the outbox is: a page of an escalation step, or one of the notices that are not pages. */
public enum Notice {
    /** A page of an escalation step: stopped by an answer. */
    PAGE,
    /** The incident was not acknowledged by its respond deadline. */
    RESPOND_BREACH,
    /** The incident was not resolved by its resolve deadline. */
    RESOLVE_BREACH,
    /** A person's channel gave up and they are paged another way: told to the team. */
    FALLBACK,
    /** The rotation changed hands: mailed to both pairs, about no one incident. */
    HANDOFF,
    /** The incident resolved itself (its cause cleared and what it held back ran again): told to everyone it paged. */
    RECOVERED,
    /** The incident was resolved by someone: told to everyone it paged, by the channels that reached them. */
    RESOLVED,
    /** A person's shift starts soon: mailed to them, about no one incident. */
    REMINDER,
    /** One of the incident's later events, told in its Slack thread (the step is the event's id). */
    THREAD;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What people read for a message of this kind and step: escalation steps count from 1. */
    public String shown(int step) {
        return switch (this) {
            case PAGE -> "step " + (step + 1);
            case RESPOND_BREACH -> "respond-SLA breach notice";
            case RESOLVE_BREACH -> "resolve-SLA breach notice";
            case FALLBACK -> "fallback notice";
            case HANDOFF -> "hand-off report";
            case RECOVERED -> "recovery notice";
            case RESOLVED -> "resolution notice";
            case REMINDER -> "shift reminder";
            case THREAD -> "Slack thread reply";
        };
    }

    static Notice stored(String text) {
        return Arrays.stream(values()).filter(notice -> notice.text().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the outbox holds an unknown notice: " + text));
    }
}
