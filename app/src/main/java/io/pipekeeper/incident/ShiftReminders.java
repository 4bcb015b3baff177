package io.pipekeeper.incident;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.notify.Notice;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.notify.PageRequest;
import io.pipekeeper.notify.Via;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.oncall.Segment;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/**
 * Tells each person by email, {@code oncall.shift_reminder} (24 h by default) before it, that a shift of theirs starts:
 * a time when they hold a role they did not hold just before (the rotation's turn, a plan, an override, cover for
 * time off). Once per person and start however many processes run it: the row in {@code shift_reminders} is the claim.
 */
final class ShiftReminders {
    private static final String UNIQUE_VIOLATION = "23505";
    static final Duration LOOK_EVERY = Duration.ofMinutes(1);

    private final Catalog catalog;
    private final IncidentStore store;
    private final Supplier<Roster> rosterNow;
    /** When the schedule was last looked at: once a minute (of the clock in use) is enough for a reminder a day ahead. */
    private volatile Instant lastLook = Instant.MIN;

    ShiftReminders(Catalog catalog, IncidentStore store, Supplier<Roster> rosterNow) {
        this.catalog = catalog;
        this.store = store;
        this.rosterNow = rosterNow;
    }

    /** Queues the reminders of the shifts starting in (now, now + lead] not sent yet; returns how many this call queued. */
    int runOnce(Instant now) {
        Optional<Duration> lead = catalog.oncall().shiftReminder();
        if (catalog.email().isEmpty() || lead.isEmpty() || (now.isAfter(lastLook) && now.isBefore(lastLook.plus(LOOK_EVERY)))) {
            return 0;
        }
        lastLook = now;
        Roster roster = rosterNow.get();
        List<Segment> segments = roster.schedule().segments(now, now.plus(lead.get()).plusSeconds(1));
        int queued = 0;
        for (int i = 1; i < segments.size(); i++) {
            Segment before = segments.get(i - 1);
            Segment segment = segments.get(i);
            if (!segment.start().isAfter(now) || segment.start().isAfter(now.plus(lead.get()))) {
                continue;
            }
            for (String role : List.of("primary", "secondary")) {
                Optional<String> person = role.equals("primary") ? segment.primary() : segment.secondary();
                if (person.isEmpty() || before.primary().equals(person) || before.secondary().equals(person)) {
                    continue; // nobody, or on call already: not a new shift
                }
                Instant until = segments.stream().skip(i).takeWhile(s -> s.primary().equals(person) || s.secondary().equals(person))
                        .reduce((a, b) -> b).map(Segment::end).orElse(segment.end());
                queued += remind(person.get(), role, segment.start(), until, now) ? 1 : 0;
            }
        }
        return queued;
    }

    private boolean remind(String personId, String role, Instant start, Instant until, Instant now) {
        Optional<io.pipekeeper.config.Person> person = catalog.team().person(personId);
        if (person.isEmpty()) {
            return false;
        }
        String from = Roster.shown(start, catalog.team().timezone());
        String subject = "[ON CALL] " + catalog.team().name() + ": you are " + role + " from " + from;
        String body = "You are on call as " + role + " for " + catalog.team().name() + " from " + from + " until "
                + Roster.shown(until, catalog.team().timezone()) + ".\n\nWho is on call, and why: pipekeeper oncall now --at "
                + start + "\nTo swap or hand over: pipekeeper oncall swap, pipekeeper oncall override\n";
        try {
            return store.jdbi().inTransaction(handle -> {
                handle.createUpdate("INSERT INTO shift_reminders (person, starts_at, sent_at) VALUES (:p, :at, :now)")
                        .bind("p", personId).bind("at", IncidentStore.utc(start)).bind("now", IncidentStore.utc(now)).execute();
                Outbox.enqueue(handle, new PageRequest(null, Notice.REMINDER, 0, personId, Via.EMAIL, person.get().email(), subject, body), now);
                return true;
            });
        } catch (JdbiException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return false; // reminded already, by this process or another
            }
            throw e;
        }
    }
}
