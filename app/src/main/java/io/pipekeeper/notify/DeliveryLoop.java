package io.pipekeeper.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.pipekeeper.config.PhoneSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.pipekeeper.ServiceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends the pages that are due, each claimed first so that two loops never send one page twice. An attempt that
 * failed on the way (a network error, a 5xx) is retried after 30 s, 1 min and 2 min (a provider that limits its
 * rate is tried again when its {@code Retry-After} says, up to 10 min). The channel is given up, and the person
 * paged by their next channel (the {@link Outbox.GiveUp}), after the {@value #MAX_ATTEMPTS}th attempt, after a
 * timeout (the provider may have taken it), or at once after a rejection (a 4xx: the provider read it and said
 * no, for good). Every attempt is on the incident's timeline.
 */
public final class DeliveryLoop {
    static final int MAX_ATTEMPTS = 4;
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

    private final Outbox outbox;
    private final Map<Via, Channel> channels;
    private final Outbox.GiveUp giveUp;
    private final Optional<PhoneSettings.Throttle> throttle;
    private final MeterRegistry meters;

    /**
     * @param channels the configured channels
     * @param giveUp   how to reach a person when a channel is given up on them
     * @param throttle at most so many SMS, and as many calls, per person per window; email is not throttled
     */
    public DeliveryLoop(Outbox outbox, Map<Via, Channel> channels, Outbox.GiveUp giveUp, Optional<PhoneSettings.Throttle> throttle) {
        this(outbox, channels, giveUp, throttle, ServiceMetrics.NONE);
    }

    /** @param meters where pages sent, failures and the latency of each page are counted (a service's {@code /metrics}) */
    public DeliveryLoop(Outbox outbox, Map<Via, Channel> channels, Outbox.GiveUp giveUp, Optional<PhoneSettings.Throttle> throttle,
                        MeterRegistry meters) {
        this.outbox = outbox;
        this.channels = Map.copyOf(channels);
        this.giveUp = giveUp;
        this.throttle = throttle;
        this.meters = meters;
        // Each channel's series exist from the start, so that a dashboard shows a zero rather than no data.
        channels.keySet().forEach(via -> {
            ServiceMetrics.pageLatency(meters, via.text());
            meters.counter(ServiceMetrics.PAGES_SENT, "channel", via.text());
            meters.counter(ServiceMetrics.PAGE_FAILURES, "channel", via.text());
        });
    }

    /** Without throttling. */
    public DeliveryLoop(Outbox outbox, Map<Via, Channel> channels, Outbox.GiveUp giveUp) {
        this(outbox, channels, giveUp, Optional.empty());
    }

    /** The page's incident in the log lines about it; a message of no incident (a hand-off mail, a reminder), its outbox id. */
    private static MDC.MDCCloseable incidentOf(Outbox.Page page) {
        return page.incidentId() == null ? MDC.putCloseable("outbox_id", Long.toString(page.id()))
                : MDC.putCloseable("incident_id", Long.toString(page.incidentId()));
    }

    /**
     * Whether the provider may have taken the page although the send failed: a timeout, which can strike after
     * the provider accepted it. Such a page is not retried on its channel (at most once); a refusal or a connection
     * that never opened is.
     */
    static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.eclipse.angus.mail.util.MailConnectException) {
                return false; // the SMTP connection never opened
            }
            if (cause instanceof java.net.SocketTimeoutException || cause instanceof java.net.http.HttpTimeoutException) {
                return !(cause instanceof java.net.http.HttpConnectTimeoutException);
            }
        }
        return false;
    }

    /** Whether the provider read the page and refused it for good (a 4xx): trying again would get the same answer. */
    static boolean rejected(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof Http.Rejected) {
                return true;
            }
        }
        return false;
    }

    /**
     * How long to wait before the next attempt: 30 s, 1 min, 2 min; or what a provider that limits its rate asked
     * ({@code Retry-After}), from 1 s up to {@value #LONGEST_WAIT_MINUTES} min, never sooner.
     */
    static Duration retryDelay(Throwable e, int attemptsSoFar) {
        Duration backoff = FIRST_RETRY.multipliedBy(1L << attemptsSoFar);
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof Http.RateLimited limited && limited.retryAfter.isPresent()) {
                Duration asked = limited.retryAfter.get();
                Duration longest = Duration.ofMinutes(LONGEST_WAIT_MINUTES);
                return asked.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : asked.compareTo(longest) > 0 ? longest : asked;
            }
        }
        return backoff;
    }

    /** A provider asking for a longer wait is tried again after this, so that a page is not held for an hour. */
    static final long LONGEST_WAIT_MINUTES = 10;

    /** Sends what is due at {@code now}; returns how many pages went out. */
    public int runOnce(Instant now) {
        outbox.settleAbandoned(now, giveUp);
        int sent = 0;
        Optional<Outbox.Outcome> last = Optional.empty();
        List<Outbox.Page> due = outbox.due(now, 100);
        Map<Long, List<Outbox.Page>> bundles = Bundle.of(due);
        for (Outbox.Page page : due) {
            if (held(page, now)) {
                continue;
            }
            List<Outbox.Page> bundle = bundles.getOrDefault(page.id(), List.of(page));
            if (bundle.size() > 1) {
                if (bundle.get(0) == page) { // the bundle goes once, when its first page comes
                    outbox.recordAndClaim(last, Optional.empty(), now, giveUp);
                    last = Optional.empty();
                    sent += sendBundle(bundle, now);
                }
                continue;
            }
            boolean claimed = outbox.recordAndClaim(last, Optional.of(page), now, giveUp);
            last = Optional.empty();
            if (!claimed) {
                continue;
            }
            last = Optional.of(send(page, now));
            if (last.get() instanceof Outbox.Sent) {
                sent++;
            }
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        outbox.recordAndClaim(last, Optional.empty(), now, giveUp);
        channels.values().forEach(Channel::idle);
        return sent;
    }

    /**
     * Whether a phone message waits because its person had the most the throttle allows on that channel: it is held until
     * the oldest of those leaves the window, and then goes out with the others held, most severe first, then oldest.
     */
    private boolean held(Outbox.Page page, Instant now) {
        if (throttle.isEmpty() || (page.via() != Via.SMS && page.via() != Via.VOICE)) {
            return false;
        }
        Optional<Instant> until = outbox.throttledUntil(page, throttle.get(), now);
        until.ifPresent(at -> outbox.hold(page, at, page.person() + " had " + throttle.get().most() + " " + page.via().text() + " in the last "
                + io.pipekeeper.config.Durations.format(throttle.get().per()) + " (the most the throttle allows); it goes at " + at
                + " at the latest, most severe first", now));
        return until.isPresent();
    }

    /**
     * Sends the pages to one person by one channel that fell due together as one message naming them all (after an
     * outage, a jump of the clock, or incidents that opened at once); each page records the one outcome. Returns how
     * many pages it carried.
     */
    private int sendBundle(List<Outbox.Page> bundle, Instant now) {
        List<Outbox.Page> claimed = outbox.claimAll(bundle, now);
        if (claimed.isEmpty()) {
            return 0;
        }
        Outbox.Page one = claimed.size() == 1 ? claimed.get(0) : Bundle.message(claimed);
        Outbox.Outcome outcome = send(one, now);
        List<Outbox.Outcome> each = new java.util.ArrayList<>();
        for (Outbox.Page page : claimed) {
            String with = claimed.stream().filter(other -> other != page).map(other -> "#" + other.incidentId()).distinct()
                    .collect(java.util.stream.Collectors.joining(", "));
            each.add(outcome instanceof Outbox.Sent sentOne ? new Outbox.Sent(page, sentOne.at(), sentOne.providerId(), with)
                    : outcome instanceof Outbox.Failed failed ? new Outbox.Failed(page, failed.at(), failed.error(), failed.retryAt()) : outcome);
        }
        outbox.recordAll(each, giveUp);
        return outcome instanceof Outbox.Sent ? claimed.size() : 0;
    }

    /** One attempt to send a claimed page, and what became of it. */
    private Outbox.Outcome send(Outbox.Page page, Instant now) {
        Channel channel = channels.get(page.via());
        if (channel == null) {
            return new Outbox.Failed(page, now, "no " + page.via().text() + " channel is configured", null);
        }
        try {
            String id = channel.send(page);
            try (MDC.MDCCloseable incident = incidentOf(page)) {
                LOG.info("paged {} by {} for incident #{} ({}): {}", page.person(), page.via().text(), page.incidentId(), page.shown(), id);
            }
            meters.counter(ServiceMetrics.PAGES_SENT, "channel", page.via().text()).increment();
            if (!now.isBefore(page.createdAt())) {
                ServiceMetrics.pageLatency(meters, page.via().text()).record(java.time.Duration.between(page.createdAt(), now));
            }
            return new Outbox.Sent(page, now, id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outbox.Failed(page, now, "interrupted", now.plus(FIRST_RETRY));
        } catch (Exception e) {
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            boolean mayHaveArrived = timedOut(e);
            if (mayHaveArrived) {
                error += " (timed out: it may have arrived, so it is not sent again by " + page.via().text() + ")";
            }
            boolean rejected = rejected(e);
            if (rejected) {
                error += "; a rejection is final, so it is not sent again by " + page.via().text();
            }
            Instant retry = mayHaveArrived || rejected || page.attempts() + 1 >= MAX_ATTEMPTS ? null : now.plus(retryDelay(e, page.attempts()));
            try (MDC.MDCCloseable incident = incidentOf(page)) {
                LOG.warn("could not page {} by {} for incident #{} (attempt {}): {}", page.person(), page.via().text(), page.incidentId(),
                        page.attempts() + 1, error);
            }
            meters.counter(ServiceMetrics.PAGE_FAILURES, "channel", page.via().text()).increment();
            return new Outbox.Failed(page, now, error, retry);
        }
    }
}
