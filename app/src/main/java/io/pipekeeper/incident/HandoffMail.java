package io.pipekeeper.incident;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.notify.Notice;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.notify.PageRequest;
import io.pipekeeper.notify.Via;
import io.pipekeeper.oncall.HandoffReport;
import io.pipekeeper.oncall.Roster;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/**
 * At each rotation hand-off, mails the outgoing and the incoming pair the hand-off report and the open incidents
 * with their SLA state. Once per hand-off however many processes run it: the hand-off's row in
 * {@code handoff_mails} is the claim, inserted in the transaction that queues the mail. A hand-off more than
 * {@link #LATE_LIMIT} old (pipekeeper was down) is not mailed late.
 */
final class HandoffMail {
    static final Duration LATE_LIMIT = Duration.ofHours(12);
    private static final String UNIQUE_VIOLATION = "23505";

    private final Catalog catalog;
    private final IncidentStore store;
    private final Supplier<Roster> rosterNow;

    HandoffMail(Catalog catalog, IncidentStore store, Supplier<Roster> rosterNow) {
        this.catalog = catalog;
        this.store = store;
        this.rosterNow = rosterNow;
    }

    /** Queues the mail of the latest hand-off at or before {@code now}, unless it was queued already; true when this call did. */
    boolean runOnce(Instant now) {
        if (catalog.email().isEmpty()) {
            return false;
        }
        Optional<HandoffReport> found = HandoffReport.at(rosterNow.get(), now);
        if (found.isEmpty() || Duration.between(found.get().shift().start(), now).compareTo(LATE_LIMIT) > 0) {
            return false;
        }
        HandoffReport report = found.get();
        Instant at = report.shift().start();
        try {
            return store.jdbi().inTransaction(handle -> {
                handle.createUpdate("INSERT INTO handoff_mails (handoff_at, mailed_at) VALUES (:at, :now)")
                        .bind("at", IncidentStore.utc(at)).bind("now", IncidentStore.utc(now)).execute();
                String subject = "[HAND-OFF] " + catalog.team().name() + " on call from " + PageTexts.time(catalog, at) + ": "
                        + report.after().primary().orElse("nobody") + " primary, " + report.after().secondary().orElse("nobody") + " secondary";
                String body = body(report, store.list(true), now);
                for (String person : report.people()) {
                    catalog.team().person(person).ifPresent(p -> Outbox.enqueue(handle, new PageRequest(null, Notice.HANDOFF, 0, person, Via.EMAIL,
                            p.email(), subject, body), now));
                }
                return true;
            });
        } catch (JdbiException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return false; // another process claimed this hand-off first
            }
            throw e;
        }
    }

    private String body(HandoffReport report, List<Incident> open, Instant now) {
        StringBuilder body = new StringBuilder();
        report.lines().forEach(line -> body.append(line).append('\n'));
        body.append('\n').append(open.isEmpty() ? "No open incidents." : "Open incidents (" + open.size() + "):").append('\n');
        for (Incident incident : open) {
            body.append("  #").append(incident.id()).append(" ").append(PageTexts.subject(catalog, incident).replaceFirst(" — respond by .*$", ""))
                    .append(" — ").append(incident.status().text()).append(incident.acknowledgedBy().map(p -> " by " + p).orElse(""))
                    .append("; ").append(clock("respond", incident.respondBy(), incident.acknowledgedAt(), now))
                    .append(", ").append(clock("resolve", incident.resolveBy(), incident.resolvedAt(), now)).append('\n');
        }
        java.time.LocalDate today = now.atZone(catalog.team().timezone()).toLocalDate();
        OnCallReport week = OnCallReport.load(catalog, rosterNow.get(), store.jdbi(), today.minusDays(7), today.minusDays(1));
        body.append("\nThe last 7 days' load (pipekeeper oncall report):\n");
        report.people().forEach(person -> body.append("  ").append(week.line(person)).append('\n'));
        List<PageFeedback.NoisyCheck> noisy = new PageFeedback(store.jdbi()).noisy(now);
        if (!noisy.isEmpty()) {
            body.append("\nPages people called noise (pipekeeper report noise):\n");
            noisy.forEach(check -> body.append("  ").append(check.suggestion()).append('\n'));
        }
        body.append("\nDetails: pipekeeper incidents; the report again: pipekeeper oncall handoff\n");
        return body.toString();
    }

    /** One SLA clock as the hand-off states it: met, breached, or still running. */
    private String clock(String what, Instant due, Optional<Instant> done, Instant now) {
        String when = what + " by " + PageTexts.time(catalog, due);
        if (done.isPresent()) {
            return when + (done.get().isAfter(due) ? " (met late)" : " (met)");
        }
        return when + (now.isAfter(due) ? " (BREACHED)" : " (" + Duration.between(now, due).toMinutes() + " min left)");
    }
}
