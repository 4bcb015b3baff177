package io.pipekeeper.notify;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Pages waiting to be sent, and what became of each attempt. */
public final class Outbox {
    private final Jdbi jdbi;

    public Outbox(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** One page, as queued. */
    public record Page(long id, long incidentId, int step, String person, String channel, String address, String subject, String body,
                       String status, int attempts) {
    }

    /** Queues a page inside the caller's transaction; a second page for the same incident, step, person and channel is ignored. */
    public static void enqueue(Handle handle, long incidentId, int step, String person, String channel, String address, String subject,
                               String body, Instant now) {
        boolean exists = handle.createQuery("""
                        SELECT count(*) FROM outbox WHERE incident_id = :i AND step = :s AND person = :p AND channel = :c
                        """)
                .bind("i", incidentId).bind("s", step).bind("p", person).bind("c", channel).mapTo(Integer.class).one() > 0;
        if (exists) {
            return;
        }
        handle.createUpdate("""
                        INSERT INTO outbox (incident_id, step, person, channel, address, subject, body, status, attempts, next_attempt_at, created_at)
                        VALUES (:i, :s, :p, :c, :a, :subject, :body, 'pending', 0, :now, :now)
                        """)
                .bind("i", incidentId).bind("s", step).bind("p", person).bind("c", channel).bind("a", address)
                .bind("subject", subject).bind("body", body).bind("now", utc(now))
                .execute();
    }

    /** Pages due now, each claimed for this sender by moving it from pending to sending; a page someone else claimed is skipped. */
    public List<Page> claimDue(Instant now, int limit) {
        List<Page> due = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= :now ORDER BY id LIMIT :limit
                        """)
                .bind("now", utc(now)).bind("limit", limit)
                .map((rs, ctx) -> new Page(rs.getLong("id"), rs.getLong("incident_id"), rs.getInt("step"), rs.getString("person"),
                        rs.getString("channel"), rs.getString("address"), rs.getString("subject"), rs.getString("body"),
                        rs.getString("status"), rs.getInt("attempts")))
                .list());
        return due.stream().filter(page -> jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE outbox SET status = 'sending' WHERE id = :id AND status = 'pending'").bind("id", page.id()).execute() == 1))
                .toList();
    }

    public void sent(Page page, Instant now, String providerId) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = :now WHERE id = :id")
                    .bind("now", utc(now)).bind("id", page.id()).execute();
            event(handle, page, now, "paged " + page.person() + " by " + page.channel() + " at " + page.address() + " (step " + page.step()
                    + ", attempt " + (page.attempts() + 1) + ", id " + providerId + ")");
        });
    }

    /** A failed attempt: tried again after {@code retryAt}, or failed for good when it is null. */
    public void failed(Page page, Instant now, String error, Instant retryAt) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("""
                            UPDATE outbox SET status = :status, attempts = attempts + 1, last_error = :error, next_attempt_at = :next WHERE id = :id
                            """)
                    .bind("status", retryAt == null ? "failed" : "pending").bind("error", error)
                    .bind("next", utc(retryAt == null ? now : retryAt)).bind("id", page.id()).execute();
            event(handle, page, now, "could not page " + page.person() + " by " + page.channel() + " (attempt " + (page.attempts() + 1)
                    + "): " + error + (retryAt == null ? "; giving up on this channel" : "; trying again at " + retryAt));
        });
    }

    public List<Page> all() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM outbox ORDER BY id")
                .map((rs, ctx) -> new Page(rs.getLong("id"), rs.getLong("incident_id"), rs.getInt("step"), rs.getString("person"),
                        rs.getString("channel"), rs.getString("address"), rs.getString("subject"), rs.getString("body"),
                        rs.getString("status"), rs.getInt("attempts")))
                .list());
    }

    private static void event(Handle handle, Page page, Instant now, String text) {
        handle.createUpdate("INSERT INTO incident_events (incident_id, at, kind, actor, text) VALUES (:id, :at, 'delivery', NULL, :text)")
                .bind("id", page.incidentId()).bind("at", utc(now)).bind("text", text.length() > 4000 ? text.substring(0, 3999) : text)
                .execute();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
