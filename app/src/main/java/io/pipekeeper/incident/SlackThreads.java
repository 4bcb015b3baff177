package io.pipekeeper.incident;

import io.pipekeeper.notify.Notice;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.notify.PageRequest;
import io.pipekeeper.notify.Via;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/**
 * Follows each incident the Slack app posted to the team about: every later event of it (acknowledged, escalated,
 * snoozed, a severity changed, an impact joined, resolved, …) is queued as a {@code thread} message, which goes into
 * the page's thread through the outbox like any page. Delivery attempts are not told (they are the thread itself).
 * An event is queued once: its id is the message's step, and how far each incident was followed is kept in
 * {@code slack_followed}, which this class alone writes, in the same transaction. Incidents resolved more than
 * {@link #FOLLOWED_AFTER_RESOLVED} ago are no longer followed.
 */
final class SlackThreads {
    static final Duration FOLLOWED_AFTER_RESOLVED = Duration.ofDays(1);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm z", Locale.ROOT);

    private final Jdbi jdbi;
    private final ZoneId zone;

    SlackThreads(Jdbi jdbi, ZoneId zone) {
        this.jdbi = jdbi;
        this.zone = zone;
    }

    private record Event(long id, long incident, OffsetDateTime at, String kind, String text) {
    }

    /**
     * Queues the events not told yet; returns how many. Two processes following at once queue each event once: the
     * one whose insert clashes leaves it to the other (its transaction rolls back, and its next pass finds nothing new).
     */
    int runOnce(Instant now) {
        try {
            return follow(now);
        } catch (org.jdbi.v3.core.JdbiException e) {
            if (e.getCause() instanceof java.sql.SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    private int follow(Instant now) {
        return jdbi.inTransaction(handle -> {
            List<Event> events = handle.createQuery("""
                            SELECT e.id, e.incident_id, e.at, e.kind, e.text FROM incident_events e
                            JOIN slack_messages m ON m.incident_id = e.incident_id AND m.person = :team
                            JOIN incidents i ON i.id = e.incident_id
                            LEFT JOIN slack_followed f ON f.incident_id = e.incident_id
                            WHERE e.id > COALESCE(f.last_event_id, m.events_before) AND e.kind <> 'delivery'
                              AND (i.resolved_at IS NULL OR i.resolved_at > :since)
                            ORDER BY e.id LIMIT 500
                            """)
                    .bind("team", PageRequest.TEAM).bind("since", now.minus(FOLLOWED_AFTER_RESOLVED).atOffset(ZoneOffset.UTC))
                    .map((rs, ctx) -> new Event(rs.getLong("id"), rs.getLong("incident_id"), rs.getObject("at", OffsetDateTime.class),
                            rs.getString("kind"), rs.getString("text"))).list();
            for (Event event : events) {
                Outbox.enqueue(handle, new PageRequest(event.incident(), Notice.THREAD, Math.toIntExact(event.id()), PageRequest.TEAM, Via.SLACK,
                        "#team", "pipekeeper #" + event.incident() + ": " + event.kind(), TIME.format(event.at().atZoneSameInstant(zone)) + " · "
                        + event.text()), now);
                if (handle.createUpdate("UPDATE slack_followed SET last_event_id = :e WHERE incident_id = :i").bind("e", event.id())
                        .bind("i", event.incident()).execute() == 0) {
                    handle.createUpdate("INSERT INTO slack_followed (incident_id, last_event_id) VALUES (:i, :e)").bind("i", event.incident())
                            .bind("e", event.id()).execute();
                }
            }
            return events.size();
        });
    }
}
