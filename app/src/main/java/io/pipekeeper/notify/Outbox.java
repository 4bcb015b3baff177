package io.pipekeeper.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import io.pipekeeper.store.Bell;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Pages waiting to be sent, and what became of each attempt. A page moves pending → sending (claimed by one
 * sender) → sent, or back to pending for a retry, or to failed; an answer moves waiting pages to cancelled.
 */
public final class Outbox {
    /** A page still 'sending' this long after its claim belongs to a sender that stopped mid-send. */
    static final Duration STALE_CLAIM = Duration.ofMinutes(5);

    private final Jdbi jdbi;

    public Outbox(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * One message, as queued.
     *
     * @param incidentId null for mail about no one incident (the hand-off report)
     * @param step       the escalation step it belongs to (0, 1, …)
     */
    public record Page(long id, Long incidentId, Notice notice, int step, String person, Via via, String address, String subject, String body,
                       String status, int attempts, Instant createdAt, Settled settled) {
        /** Its kind and step as people read them: "step 2", "respond-SLA breach notice". */
        public String shown() {
            return notice.shown(step);
        }

        /** Its status as the delivery log shows it: queued (not sent yet), sending, sent, delivered, failed, cancelled. */
        public String shownStatus() {
            return status.equals("pending") ? "queued" : status;
        }

        /** "delivered after 5m" when the provider confirmed it a minute or more after it was queued, else empty. */
        public Optional<String> late() {
            return settled.settledAt().filter(at -> status.equals("delivered"))
                    .map(at -> Duration.between(createdAt, at))
                    .filter(late -> late.compareTo(LATE) >= 0)
                    .map(late -> "delivered after " + io.pipekeeper.config.Durations.format(late));
        }
    }

    /** A delivery a minute or more after its page was queued is shown as late. */
    static final Duration LATE = Duration.ofMinutes(1);

    /**
     * What became of a page once it left: the provider's id for it, when it was sent, when the provider said it was
     * delivered or failed, and the reason it gave (or the last error of an attempt that failed).
     */
    public record Settled(Optional<String> providerId, Optional<Instant> sentAt, Optional<Instant> settledAt, Optional<String> reason) {
        public static final Settled NOT_YET = new Settled(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** What became of one message of an incident: its channel and status (a sent page reached its person). */
    public record Tried(Via via, String status) {
    }

    /** One attempt to send, as the incident's timeline shows it. */
    public record Delivery(Instant at, String text) {
    }

    /** What to do, inside the transaction that gives a page up, to reach its person another way; false when there is none. */
    @FunctionalInterface
    public interface GiveUp {
        boolean fallBack(Handle handle, Page page, String why, Instant now);

        GiveUp NONE = (handle, page, why, now) -> false;
    }

    /** Queues a message inside the caller's transaction; a second one for the same incident, notice, step, person and channel is ignored. */
    public static void enqueue(Handle handle, PageRequest request, Instant now) {
        boolean exists = request.incidentId() != null && handle.createQuery("""
                        SELECT count(*) FROM outbox WHERE incident_id = :i AND notice = :n AND step = :s AND person = :p AND channel = :c
                        """)
                .bind("i", request.incidentId()).bind("n", request.notice().text()).bind("s", request.step()).bind("p", request.person())
                .bind("c", request.via().text()).mapTo(Integer.class).one() > 0;
        if (exists) {
            return;
        }
        handle.createUpdate("""
                        INSERT INTO outbox (incident_id, notice, step, person, channel, address, subject, body, status, attempts, next_attempt_at,
                                            created_at, priority)
                        VALUES (:i, :n, :s, :p, :c, :a, :subject, :body, 'pending', 0, :now, :now, :priority)
                        """)
                .bind("priority", request.priority())
                .bind("i", request.incidentId()).bind("n", request.notice().text()).bind("s", request.step()).bind("p", request.person())
                .bind("c", request.via().text()).bind("a", request.address()).bind("subject", request.subject()).bind("body", request.body())
                .bind("now", utc(now))
                .execute();
        Bell.OUTBOX.ring(handle);
    }

    /** Inside the caller's transaction: every message of one kind and step queued for one person about an incident, and what became of it. */
    public static List<Tried> tried(Handle handle, long incidentId, Notice notice, int step, String person) {
        return handle.createQuery("SELECT channel, status FROM outbox WHERE incident_id = :i AND notice = :n AND step = :s AND person = :p")
                .bind("i", incidentId).bind("n", notice.text()).bind("s", step).bind("p", person)
                .map((rs, ctx) -> new Tried(Via.stored(rs.getString("channel")), rs.getString("status"))).list();
    }

    /**
     * Inside an answer's transaction: the incident's pages still waiting will not go out; with {@code pagesOnly},
     * its notices (SLA breaches, fallbacks) still do. Returns how many were cancelled.
     */
    public static int cancelWaiting(Handle handle, long incidentId, boolean pagesOnly) {
        // A thread reply tells what happened (the answer among them): an answer never cancels it.
        return handle.createUpdate("UPDATE outbox SET status = 'cancelled' WHERE incident_id = :id AND status = 'pending'"
                        + (pagesOnly ? " AND notice = 'page'" : " AND notice <> 'thread'"))
                .bind("id", incidentId).execute();
    }

    /** Pages due now, most severe first, then of the oldest incident first; each must still be {@link #claim claimed} before it is sent. */
    public List<Page> due(Instant now, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= :now ORDER BY priority, incident_id, id LIMIT :limit
                        """)
                .bind("now", utc(now)).bind("limit", limit)
                .map((rs, ctx) -> page(rs))
                .list());
    }

    /**
     * Claims one page for this sender, right before sending it, by moving it from pending to sending; false when
     * another sender claimed it first, or an answer cancelled it. One page at a time, so that a sender that dies
     * leaves at most the one page it was sending in doubt.
     */
    public boolean claim(Page page, Instant now) {
        return jdbi.withHandle(handle -> claim(handle, page, now));
    }

    private static boolean claim(Handle handle, Page page, Instant now) {
        return handle.createUpdate("UPDATE outbox SET status = 'sending', claimed_at = :now WHERE id = :id AND status = 'pending'")
                .bind("now", utc(now)).bind("id", page.id()).execute() == 1;
    }

    /** What became of one attempt to send a claimed page, not recorded yet. */
    public sealed interface Outcome {
        Page page();
    }

    /** The provider took the page, and gave it this id; {@code with} names the other incidents of its bundle (empty: none). */
    public record Sent(Page page, Instant at, String providerId, String with) implements Outcome {
        public Sent(Page page, Instant at, String providerId) {
            this(page, at, providerId, "");
        }
    }

    /** The attempt failed: tried again after {@code retryAt}; or, when that is null, given up on this channel. */
    public record Failed(Page page, Instant at, String error, Instant retryAt) implements Outcome {
    }

    /**
     * In one transaction (one commit per page instead of two): records what became of the page sent last, if any,
     * and claims {@code next}, if any; returns whether {@code next} was claimed. The page sent last was claimed
     * before it was sent, so at most that one page is in doubt if the sender dies.
     */
    public boolean recordAndClaim(Optional<Outcome> last, Optional<Page> next, Instant now, GiveUp giveUp) {
        return jdbi.inTransaction(handle -> {
            last.ifPresent(outcome -> record(handle, outcome, giveUp));
            return next.isPresent() && claim(handle, next.get(), now);
        });
    }

    /**
     * Claims a bundle's pages in one transaction, each from pending to sending; returns those claimed (another sender
     * took the rest, or an answer cancelled them).
     */
    public List<Page> claimAll(List<Page> pages, Instant now) {
        return jdbi.inTransaction(handle -> pages.stream().filter(page -> claim(handle, page, now)).toList());
    }

    /** Records what became of a bundle's pages, in one transaction. */
    public void recordAll(List<Outcome> outcomes, GiveUp giveUp) {
        jdbi.useTransaction(handle -> outcomes.forEach(outcome -> record(handle, outcome, giveUp)));
    }

    /**
     * Pages claimed over {@link #STALE_CLAIM} ago and never settled: their sender died between claiming and
     * recording. Whether the provider got them is unknown, so they are not sent again on that channel (at most
     * once); each is failed, in one transaction with {@code giveUp}, which reaches the person another way.
     */
    public int settleAbandoned(Instant now, GiveUp giveUp) {
        List<Page> stale = jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT * FROM outbox WHERE status = 'sending' AND claimed_at < :before ORDER BY id")
                .bind("before", utc(now.minus(STALE_CLAIM))).map((rs, ctx) -> page(rs)).list());
        int settled = 0;
        for (Page page : stale) {
            String why = "the sender stopped while sending; it may or may not have arrived, so it is not sent again by " + page.via().text();
            boolean mine = jdbi.inTransaction(handle -> {
                if (handle.createUpdate("UPDATE outbox SET status = 'failed', last_error = :error WHERE id = :id AND status = 'sending'")
                        .bind("error", why).bind("id", page.id()).execute() != 1) {
                    return false;
                }
                event(handle, page, now, "could not confirm the page to " + page.person() + " by " + page.via().text() + ": " + why);
                giveUp.fallBack(handle, page, why, now);
                return true;
            });
            settled += mine ? 1 : 0;
        }
        return settled;
    }

    private static void record(Handle handle, Outcome outcome, GiveUp giveUp) {
        Page page = outcome.page();
        if (outcome instanceof Sent sent) {
            handle.createUpdate("UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = :now, provider_id = :provider WHERE id = :id")
                    .bind("now", utc(sent.at())).bind("provider", cut(sent.providerId(), 100)).bind("id", page.id()).execute();
            event(handle, page, sent.at(), "paged " + page.person() + " by " + page.via().text() + " at " + page.address() + " (" + page.shown()
                    + ", attempt " + (page.attempts() + 1) + ", id " + sent.providerId() + (sent.with().isEmpty() ? "" : ", in one message with " + sent.with())
                    + ")");
        } else if (outcome instanceof Failed failed) {
            Instant retryAt = failed.retryAt();
            handle.createUpdate("""
                            UPDATE outbox SET status = :status, attempts = attempts + 1, last_error = :error, next_attempt_at = :next WHERE id = :id
                            """)
                    .bind("status", retryAt == null ? "failed" : "pending").bind("error", cut(failed.error(), 1000))
                    .bind("next", utc(retryAt == null ? failed.at() : retryAt)).bind("id", page.id()).execute();
            event(handle, page, failed.at(), retryAt == null
                    ? page.via().text() + " to " + page.person() + " failed (" + page.shown() + ", attempt " + (page.attempts() + 1) + "): " + failed.error()
                    : "could not page " + page.person() + " by " + page.via().text() + " (attempt " + (page.attempts() + 1) + "): " + failed.error()
                            + "; trying again at " + retryAt);
            if (retryAt == null) {
                giveUp.fallBack(handle, page, page.attempts() + 1 + " attempt(s), last: " + failed.error(), failed.at());
            }
        }
    }

    /** An incident's pages, in the order they were decided. */
    public List<Page> of(long incidentId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM outbox WHERE incident_id = :id ORDER BY id").bind("id", incidentId)
                .map((rs, ctx) -> page(rs)).list());
    }

    /** Who an incident's escalation reached: each person once, in the order their first page went out. */
    public List<String> paged(long incidentId) {
        return jdbi.withHandle(handle -> paged(handle, incidentId));
    }

    /** {@link #paged(long)} inside the caller's transaction. */
    public static List<String> paged(Handle handle, long incidentId) {
        return handle.createQuery("""
                        SELECT person FROM outbox WHERE incident_id = :id AND notice = 'page' AND status IN ('sent', 'delivered') AND channel IN ('email', 'sms', 'voice')
                        GROUP BY person ORDER BY min(id)""")
                .bind("id", incidentId).mapTo(String.class).list();
    }

    /**
     * When {@code page} may go under {@code throttle}: empty when its person got fewer than its most on its channel in the
     * window before {@code now} (claimed and not failed; the pages of one bundle are one message), else when the oldest
     * of those leaves the window.
     */
    public Optional<Instant> throttledUntil(Page page, io.pipekeeper.config.PhoneSettings.Throttle throttle, Instant now) {
        List<Instant> recent = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT max(claimed_at) FROM outbox WHERE person = :p AND channel = :c AND claimed_at > :since
                        AND status IN ('sending', 'sent', 'delivered') GROUP BY COALESCE(provider_id, CAST(id AS VARCHAR(30)))
                        ORDER BY max(claimed_at) DESC""")
                .bind("p", page.person()).bind("c", page.via().text()).bind("since", utc(now.minus(throttle.per())))
                .map((rs, ctx) -> rs.getObject(1, OffsetDateTime.class).toInstant()).list());
        return recent.size() < throttle.most() ? Optional.empty() : Optional.of(recent.get(throttle.most() - 1).plus(throttle.per()));
    }

    /** Holds a page until {@code until} (throttled); the timeline says so the first time. */
    public void hold(Page page, Instant until, String why, Instant now) {
        jdbi.useTransaction(handle -> {
            boolean first = handle.createQuery("SELECT held_at FROM outbox WHERE id = :id").bind("id", page.id())
                    .mapTo(OffsetDateTime.class).findOne().isEmpty();
            if (handle.createUpdate("UPDATE outbox SET next_attempt_at = :until, held_at = COALESCE(held_at, :now) WHERE id = :id AND status = 'pending'")
                    .bind("until", utc(until)).bind("now", utc(now)).bind("id", page.id()).execute() == 1 && first) {
                event(handle, page, now, page.via().text() + " to " + page.person() + " held (" + page.shown() + "): " + why);
            }
        });
    }

    /** Inside the caller's transaction: the incidents whose pages reached {@code person} (sent or delivered), newest first. */
    public static List<Long> incidentsPaging(Handle handle, String person) {
        return handle.createQuery("""
                        SELECT incident_id FROM outbox WHERE person = :p AND notice = 'page' AND status IN ('sent', 'delivered')
                        AND incident_id IS NOT NULL GROUP BY incident_id ORDER BY incident_id DESC""")
                .bind("p", person).mapTo(Long.class).list();
    }

    /**
     * Inside the caller's transaction: each person an incident's pages reached, with the channels that reached them
     * (sent or delivered), in the order their first page was decided.
     */
    public static java.util.Map<String, java.util.Set<Via>> reached(Handle handle, long incidentId) {
        java.util.Map<String, java.util.Set<Via>> reached = new java.util.LinkedHashMap<>();
        handle.createQuery("""
                        SELECT person, channel FROM outbox WHERE incident_id = :id AND notice = 'page' AND status IN ('sent', 'delivered')
                        AND channel IN ('email', 'sms', 'voice') ORDER BY id""")
                .bind("id", incidentId)
                .map((rs, ctx) -> java.util.Map.entry(rs.getString("person"), Via.stored(rs.getString("channel"))))
                .forEach(entry -> reached.computeIfAbsent(entry.getKey(), person -> java.util.EnumSet.noneOf(Via.class)).add(entry.getValue()));
        return reached;
    }

    /** The messages decided in [{@code from}, {@code to}), oldest first. */
    public List<Page> between(Instant from, Instant to) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM outbox WHERE created_at >= :from AND created_at < :to ORDER BY id")
                .bind("from", utc(from)).bind("to", utc(to)).map((rs, ctx) -> page(rs)).list());
    }

    public List<Page> all() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM outbox ORDER BY id").map((rs, ctx) -> page(rs)).list());
    }

    private static Page page(java.sql.ResultSet rs) throws java.sql.SQLException {
        Settled settled = new Settled(Optional.ofNullable(rs.getString("provider_id")), instant(rs, "sent_at"), instant(rs, "settled_at"),
                Optional.ofNullable(rs.getString("last_error")));
        return new Page(rs.getLong("id"), rs.getObject("incident_id", Long.class), Notice.stored(rs.getString("notice")), rs.getInt("step"),
                rs.getString("person"), Via.stored(rs.getString("channel")), rs.getString("address"), rs.getString("subject"), rs.getString("body"), rs.getString("status"),
                rs.getInt("attempts"), rs.getObject("created_at", OffsetDateTime.class).toInstant(), settled);
    }

    private static Optional<Instant> instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    /** What the provider said became of a message it took: delivered, or failed for a reason. */
    public enum Fate {
        DELIVERED, FAILED
    }

    /**
     * The provider says what became of the message it knows as {@code providerId} (a status callback): the page is
     * marked delivered or failed, once, and the timeline says so; a failure is given up on its channel, in the same
     * transaction, by {@code giveUp}. Empty when no sent page has that id (unknown, or settled already).
     */
    public Optional<Page> settle(String providerId, Fate fate, Optional<String> reason, Instant now, GiveUp giveUp) {
        return jdbi.inTransaction(handle -> {
            Optional<Page> page = handle.createQuery("SELECT * FROM outbox WHERE provider_id = :provider AND status = 'sent'")
                    .bind("provider", providerId).map((rs, ctx) -> page(rs)).findFirst();
            if (page.isEmpty()) {
                return page;
            }
            handle.createUpdate("UPDATE outbox SET status = :status, settled_at = :now, last_error = COALESCE(:reason, last_error) WHERE id = :id")
                    .bind("status", fate == Fate.DELIVERED ? "delivered" : "failed").bind("now", utc(now))
                    .bind("reason", reason.map(r -> cut(r, 1000)).orElse(null)).bind("id", page.get().id()).execute();
            Page settled = page.get();
            String what = settled.via().text() + " to " + settled.person() + " (" + settled.shown() + ")";
            if (fate == Fate.DELIVERED) {
                Duration after = Duration.between(settled.createdAt(), now);
                event(handle, settled, now, what + " delivered" + (after.compareTo(LATE) >= 0 ? " after " + io.pipekeeper.config.Durations.format(after)
                        : ""));
            } else {
                String why = reason.orElse("the provider gave no reason");
                event(handle, settled, now, what + " failed: " + why);
                giveUp.fallBack(handle, settled, why, now);
            }
            return page;
        });
    }

    /** What became of the attempts to send an incident's messages, oldest first, inside the caller's transaction. */
    public static List<Delivery> deliveries(Handle handle, long incidentId) {
        return handle.createQuery("SELECT at, text FROM deliveries WHERE incident_id = :id ORDER BY id").bind("id", incidentId)
                .map((rs, ctx) -> new Delivery(rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("text"))).list();
    }

    private static void event(Handle handle, Page page, Instant now, String text) {
        handle.createUpdate("INSERT INTO deliveries (incident_id, at, text) VALUES (:id, :at, :text)")
                .bind("id", page.incidentId()).bind("at", utc(now)).bind("text", cut(text, 4000))
                .execute();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
