package io.pipekeeper.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Sends the pages that are due, each claimed first so that two loops never send one page twice. A failed
 * attempt is retried after 30 s, 1 min, 2 min, 4 min; after the fifth it fails for good. Every attempt is on the
 * incident's timeline.
 */
public final class DeliveryLoop {
    static final int MAX_ATTEMPTS = 5;
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);

    private final Outbox outbox;
    private final Map<String, Channel> channels;

    /** @param channels the configured channels by name ({@code email}, {@code phone}) */
    public DeliveryLoop(Outbox outbox, Map<String, Channel> channels) {
        this.outbox = outbox;
        this.channels = Map.copyOf(channels);
    }

    /** Sends what is due at {@code now}; returns how many pages went out. */
    public int runOnce(Instant now) {
        int sent = 0;
        for (Outbox.Page page : outbox.claimDue(now, 100)) {
            Channel channel = channels.get(page.channel());
            if (channel == null) {
                outbox.failed(page, now, "no " + page.channel() + " channel is configured", null);
                continue;
            }
            try {
                String id = channel.send(page.address(), page.subject(), page.body());
                outbox.sent(page, now, id);
                sent++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outbox.failed(page, now, "interrupted", now.plus(FIRST_RETRY));
                break;
            } catch (Exception e) {
                String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                Instant retry = page.attempts() + 1 >= MAX_ATTEMPTS ? null : now.plus(FIRST_RETRY.multipliedBy(1L << page.attempts()));
                outbox.failed(page, now, error, retry);
            }
        }
        return sent;
    }
}
