package io.pipekeeper.incident;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.EscalationStep;
import io.pipekeeper.config.Person;
import io.pipekeeper.config.PhoneSettings;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.config.Sla;
import io.pipekeeper.notify.ActionLinks;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.notify.Pages;
import io.pipekeeper.notify.PhoneChannel;
import io.pipekeeper.oncall.Assignment;
import io.pipekeeper.oncall.Roster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * The escalation policy, run by the clock. When an incident opens, the steps due at once page in that same
 * transaction, and every later step becomes a db-scheduler timer keyed (incident, step) in that same transaction
 * too, so a crash can neither lose a step nor leave an incident without its timers. When a timer fires, its
 * targets are resolved as of that moment (who is on call now), and their pages go into the outbox in one
 * transaction that first checks, with the incident's version, that nobody has answered meanwhile. An answer
 * deletes the waiting timers and cancels the waiting pages in its own transaction; a timer already running
 * when the answer commits finds the incident answered, or loses the version race and looks again.
 */
public final class Escalation {
    /** The outbox's "person" for a page to the whole team (Slack, the webhook). */
    public static final String TEAM = "team";
    /** The signal kind of a runbook past its review date (raised by the runbook package). */
    static final String RUNBOOK_STALE = "runbook_stale";
    /** The ways to reach one person, in the order fallback tries them; a phone page is an SMS and a call. */
    private static final List<String> PERSONAL = List.of("email", "phone");
    /** Outbox steps of the notices to the team that a fallback happened: this, less the step that fell back. */
    static final int FALLBACK_NOTICE = -100;

    private final Catalog catalog;
    private final IncidentStore store;
    private final SeverityRules rules;
    private final Supplier<Roster> rosterNow;

    Escalation(Catalog catalog, IncidentStore store, SeverityRules rules, Supplier<Roster> rosterNow) {
        this.catalog = catalog;
        this.store = store;
        this.rules = rules;
        this.rosterNow = rosterNow;
    }

    /** Whether an incident escalates and its breached SLAs are told: a runbook due for review is its owner's alone. */
    static boolean escalates(Incident incident) {
        return !incident.kind().equals(RUNBOOK_STALE);
    }

    /** Inside the transaction that opened {@code incident}: pages the steps due now, and sets a timer for each later one. */
    void start(Handle handle, Incident incident) {
        if (!escalates(incident) && catalog.pipelines().containsKey(incident.subject())) {
            // A review is the owner's work, not the on-call engineer's: it goes to them, by email, without escalation.
            String owner = catalog.pipeline(incident.subject()).owners().primary();
            boolean mailed = enqueue(handle, incident, 0, owner, "email", List.of(owner), incident.openedAt());
            IncidentStore.event(handle, incident.id(), incident.openedAt(), "escalation", null, "the runbook's review is "
                    + owner + "'s, the primary owner" + (mailed ? ": mailing " + owner : "; no email is configured") + "; no escalation");
            return;
        }
        List<EscalationStep> steps = catalog.oncall().escalation();
        for (int step = 0; step < steps.size(); step++) {
            Instant at = fireTime(incident, step);
            if (at.isAfter(incident.openedAt())) {
                EscalationTimers.add(handle, incident.id(), step, at);
            } else {
                page(handle, incident, step, incident.openedAt());
            }
        }
    }

    /** When step {@code step} fires for this incident: its delay after opening, a percentage counted on the current severity. */
    Instant fireTime(Incident incident, int step) {
        return incident.openedAt().plus(catalog.oncall().escalation().get(step).after().of(slaOf(incident.severity())));
    }

    /** After a severity change: the timers still waiting move with the new respond SLA. */
    void reschedule(Handle handle, Incident incident) {
        for (int step = 0; step < catalog.oncall().escalation().size(); step++) {
            EscalationTimers.move(handle, incident.id(), step, fireTime(incident, step));
        }
    }

    /** Inside an answer's transaction: deletes the timers still waiting; returns how many. */
    static int cancel(Handle handle, long incidentId) {
        return EscalationTimers.cancel(handle, incidentId);
    }

    /** The timers, for a db-scheduler that runs them; {@code clock} is now as that scheduler sees it. */
    public OneTimeTask<Void> task(Supplier<Instant> clock) {
        return Tasks.oneTime(EscalationTimers.TASK).execute((instance, context) -> {
            EscalationTimers.Timer timer = EscalationTimers.parse(instance.getId(), clock.get());
            fire(timer.incidentId(), timer.step(), timer.at());
        });
    }

    /** A step's timer went off at {@code now}: pages its targets unless the incident was answered; true when it paged. */
    public boolean fire(long incidentId, int step, Instant now) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<Boolean> outcome = store.jdbi().inTransaction(handle -> {
                Optional<Incident> incident = IncidentStore.byId(handle, incidentId);
                if (incident.isEmpty() || step >= catalog.oncall().escalation().size()) {
                    return Optional.of(false);
                }
                if (incident.get().status() != Incident.Status.TRIGGERED) {
                    IncidentStore.event(handle, incidentId, now, "escalation", null, "step " + (step + 1) + " not needed: the incident is "
                            + incident.get().status().text());
                    return Optional.of(false);
                }
                // Taking the version serialises this step with any answer: whichever commits second sees the other.
                if (!IncidentStore.update(handle, incident.get(), "status = status")) {
                    return Optional.empty();
                }
                page(handle, incident.get(), step, now);
                return Optional.of(true);
            });
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
        throw new IllegalStateException("incident #" + incidentId + " kept changing while step " + (step + 1) + " fired; the timer will retry");
    }

    /** Resolves a step's targets as of {@code now} and queues their pages, in the caller's transaction. */
    private void page(Handle handle, Incident incident, int stepIndex, Instant now) {
        EscalationStep step = catalog.oncall().escalation().get(stepIndex);
        Assignment onCall = rosterNow.get().schedule().at(now);
        Optional<Pipeline> owned = rules.blastRadius(incident.subject()).pipelines().stream().findFirst().map(catalog::pipeline);
        Set<String> people = new LinkedHashSet<>();
        for (String target : step.targets()) {
            Optional<String> person = switch (target) {
                case "oncall.primary" -> onCall.primary().or(() -> owned.map(p -> p.owners().primary()));
                case "oncall.secondary" -> onCall.secondary().or(() -> owned.map(p -> p.owners().secondary()));
                case "owners.primary" -> owned.map(p -> p.owners().primary());
                case "owners.secondary" -> owned.map(p -> p.owners().secondary());
                default -> Optional.of(target);
            };
            person.ifPresent(people::add);
        }
        List<String> paged = List.copyOf(people);
        List<String> sent = new ArrayList<>();
        for (String id : paged) {
            List<String> channels = new ArrayList<>();
            for (String channel : step.via()) {
                if (PERSONAL.contains(channel) && enqueue(handle, incident, stepIndex, id, channel, paged, now)) {
                    channels.add(channel);
                }
            }
            sent.add(id + (channels.isEmpty() ? " (no configured channel reaches them)" : " by " + String.join(", ", channels)));
        }
        for (String channel : step.via()) {
            if (!PERSONAL.contains(channel) && configured(channel)) {
                String address = channel.equals("webhook") ? "incident-" + incident.id() + "-step-" + stepIndex : "#team";
                Outbox.enqueue(handle, incident.id(), stepIndex, TEAM, channel, address, Pages.subject(catalog, incident),
                        channel.equals("webhook") ? Pages.json(catalog, incident, stepIndex, paged) : Pages.body(catalog, incident, paged), now);
                sent.add("the team by " + channel);
            }
        }
        String standIn = onCall.primary().isEmpty() && step.targets().stream().anyMatch(t -> t.startsWith("oncall."))
                ? " (nobody is on call yet; the owners stand in)" : "";
        IncidentStore.event(handle, incident.id(), now, "escalation", null, "step " + (stepIndex + 1) + " (after " + step.after() + "): "
                + (sent.isEmpty() ? "nobody to page" : "paging " + String.join("; ", sent)) + standIn);
    }

    /** Queues one person's page by one channel, rendered for it; false when the channel is not configured or has no address for them. */
    boolean enqueue(Handle handle, Incident incident, int step, String personId, String channel, List<String> paged, Instant now) {
        Optional<Person> person = catalog.team().person(personId);
        if (person.isEmpty() || !configured(channel)) {
            return false;
        }
        if (channel.equals("email")) {
            Outbox.enqueue(handle, incident.id(), step, personId, "email", person.get().email(), Pages.subject(catalog, incident),
                    Pages.body(catalog, incident, paged, ActionLinks.load(handle, catalog.baseUrl()), personId), now);
            return true;
        }
        if (channel.equals("phone") && person.get().phone().isPresent()) {
            PhoneSettings phone = catalog.phone().orElseThrow();
            String number = person.get().phone().get();
            if (phone.sms()) {
                Outbox.enqueue(handle, incident.id(), step, personId, PhoneChannel.Kind.SMS.channel(), number, Pages.sms(catalog, incident),
                        Pages.sms(catalog, incident), now);
            }
            if (phone.voice()) {
                Outbox.enqueue(handle, incident.id(), step, personId, PhoneChannel.Kind.VOICE.channel(), number, Pages.subject(catalog, incident),
                        Pages.twiml(catalog, incident), now);
            }
            return phone.sms() || phone.voice();
        }
        return false;
    }

    /**
     * Inside the transaction that gave up on {@code failed}: pages the same person for the same step by their next
     * channel not tried yet, and says so on the timeline (and to the team's channels); false when none is left.
     */
    public boolean fallBack(Handle handle, Outbox.Page failed, String why, Instant now) {
        String way = personal(failed.channel());
        if (failed.incidentId() == null || !PERSONAL.contains(way)) {
            return false;
        }
        Incident incident = IncidentStore.byId(handle, failed.incidentId()).orElseThrow();
        if (failed.step() >= 0 && incident.status() != Incident.Status.TRIGGERED) {
            return false;
        }
        List<Tried> sameStep = handle.createQuery("SELECT channel, status FROM outbox WHERE incident_id = :i AND step = :s AND person = :p")
                .bind("i", failed.incidentId()).bind("s", failed.step()).bind("p", failed.person())
                .map((rs, ctx) -> new Tried(rs.getString("channel"), rs.getString("status"))).list();
        Optional<String> reached = sameStep.stream().filter(tried -> tried.status().equals("sent")).map(Tried::channel).findFirst();
        if (reached.isPresent()) {
            IncidentStore.event(handle, incident.id(), now, "fallback", null, failed.channel() + " to " + failed.person() + " failed (" + why
                    + "); " + failed.person() + " was reached by " + reached.get());
            return false;
        }
        List<String> tried = sameStep.stream().map(page -> personal(page.channel())).toList();
        int from = PERSONAL.indexOf(way);
        for (int i = 1; i < PERSONAL.size(); i++) {
            String next = PERSONAL.get((from + i) % PERSONAL.size());
            if (!tried.contains(next) && enqueue(handle, incident, failed.step(), failed.person(), next, List.of(failed.person()), now)) {
                String text = failed.channel() + " to " + failed.person() + " failed (" + why + "); paging " + failed.person() + " by " + next
                        + " instead";
                IncidentStore.event(handle, incident.id(), now, "fallback", null, text);
                if (configured("slack")) {
                    Outbox.enqueue(handle, incident.id(), FALLBACK_NOTICE - failed.step(), TEAM, "slack", "#team", "pipekeeper #" + incident.id()
                            + ": " + text, text, now);
                }
                return true;
            }
        }
        IncidentStore.event(handle, incident.id(), now, "fallback", null, "no other channel reaches " + failed.person() + " after "
                + failed.channel() + " failed (" + why + ")");
        return false;
    }

    /** What became of one page of a step: its channel and status. */
    private record Tried(String channel, String status) {
    }

    /** The way of reaching a person that an outbox channel belongs to: an SMS and a call are both the phone. */
    private static String personal(String channel) {
        return channel.equals("sms") || channel.equals("voice") ? "phone" : channel;
    }

    private boolean configured(String channel) {
        return switch (channel) {
            case "email" -> catalog.email().isPresent();
            case "phone" -> catalog.phone().isPresent();
            case "slack" -> catalog.slack().isPresent();
            case "webhook" -> catalog.webhook().isPresent();
            default -> false;
        };
    }

    private Sla slaOf(String severity) {
        return SeverityRules.slaOf(catalog, severity);
    }
}
