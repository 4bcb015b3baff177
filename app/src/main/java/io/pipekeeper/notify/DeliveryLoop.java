package io.pipekeeper.notify;

import jakarta.mail.MessagingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Sends the pages that are due, each claimed first so that two loops never send one page twice. A failed
 * attempt is retried after 30 s, 1 min, 2 min, 4 min; after the fifth it fails for good. Every attempt is on the
 * incident's timeline.
 */
public final class DeliveryLoop {
    static final int MAX_ATTEMPTS = 5;
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);

    private final Outbox outbox;
    private final Optional<EmailChannel> email;

    public DeliveryLoop(Outbox outbox, Optional<EmailChannel> email) {
        this.outbox = outbox;
        this.email = email;
    }

    /** Sends what is due at {@code now}; returns how many pages went out. */
    public int runOnce(Instant now) {
        int sent = 0;
        for (Outbox.Page page : outbox.claimDue(now, 100)) {
            if (!page.channel().equals("email") || email.isEmpty()) {
                outbox.failed(page, now, "no " + page.channel() + " channel is configured", null);
                continue;
            }
            try {
                String id = email.get().send(page.address(), page.subject(), page.body());
                outbox.sent(page, now, id);
                sent++;
            } catch (MessagingException | RuntimeException e) {
                String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                Instant retry = page.attempts() + 1 >= MAX_ATTEMPTS ? null : now.plus(FIRST_RETRY.multipliedBy(1L << page.attempts()));
                outbox.failed(page, now, error, retry);
            }
        }
        return sent;
    }
}
