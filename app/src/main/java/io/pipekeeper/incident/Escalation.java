package io.pipekeeper.incident;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.EscalationPolicy;
import io.pipekeeper.config.EscalationStep;
import io.pipekeeper.config.EscalationTarget;
import io.pipekeeper.config.Person;
import io.pipekeeper.config.PhoneSettings;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.config.Sla;
import io.pipekeeper.notify.ActionLinks;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.notify.Notice;
import io.pipekeeper.notify.PageRequest;
import io.pipekeeper.notify.PhoneChannel;
import io.pipekeeper.notify.Via;
import io.pipekeeper.oncall.Assignment;
import io.pipekeeper.oncall.Roster;
import java.time.Duration;
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
    /** The signal kind of a runbook past its review date (raised by the runbook package). */
    static final String RUNBOOK_STALE = "runbook_stale";
    /** The ways to reach one person, in the order fallback tries them; a phone page is an SMS and a call. */
    private static final List<String> PERSONAL = List.of("email", "phone");
    private static final Duration RETRY_FIRST = Duration.ofSeconds(1);
    private static final Duration RETRY_MOST = Duration.ofMinutes(1);

    private final Catalog catalog;
    private final IncidentStore store;
    private final SeverityRules rules;
    private final Supplier<Roster> rosterNow;
    private final TeamMessages team;

    Escalation(Catalog catalog, IncidentStore store, SeverityRules rules, Supplier<Roster> rosterNow) {
        this.catalog = catalog;
        this.team = new TeamMessages(catalog);
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
            boolean mailed = enqueue(handle, incident, Notice.PAGE, 0, owner, "email", List.of(owner), incident.openedAt());
            IncidentStore.event(handle, incident.id(), incident.openedAt(), "escalation", null, "the runbook's review is "
                    + owner + "'s, the primary owner" + (mailed ? ": mailing " + owner : "; no email is configured") + "; no escalation");
            return;
        }
        Instant from = incident.openedAt();
        Optional<Maintenance.Window> window = Maintenance.covering(handle, catalog, subjects(incident), incident.openedAt());
        if (window.isPresent()) {
            from = window.get().end();
            IncidentStore.event(handle, incident.id(), incident.openedAt(), "escalation", null, "opened during maintenance of "
                    + window.get().scope() + (window.get().reason().isBlank() ? "" : " (" + window.get().reason() + ")") + " until "
                    + io.pipekeeper.oncall.Roster.shown(from, catalog.team().timezone()) + ": nobody is paged; the policy starts then if it is still open");
        }
        run(handle, incident, new Run(from, 0), incident.openedAt());
    }

    /**
     * One run of the policy: from {@code start} (the opening, the end of a maintenance window, the end of a snooze),
     * its firings numbered from {@code first}. A run after a snooze numbers on from the last round, so its pages are
     * new messages and not the first run's again.
     */
    record Run(Instant start, int first) {
    }

    /** Records {@code run} on the incident, then pages its firings due at {@code now} and sets a timer for each later one. */
    private void run(Handle handle, Incident incident, Run run, Instant now) {
        handle.createUpdate("UPDATE incidents SET policy_start = :start, first_firing = :first WHERE id = :id")
                .bind("start", IncidentStore.utc(run.start())).bind("first", run.first()).bind("id", incident.id()).execute();
        EscalationPolicy policy = policyOf(incident);
        Instant begins = begins(incident, run);
        if (slaOf(incident.severity()).pages() == Sla.Urgency.WORKING_HOURS && begins.isAfter(run.start())) {
            IncidentStore.event(handle, incident.id(), now, "escalation", null, incident.severity() + " pages in working hours ("
                    + catalog.team().workingHours().map(io.pipekeeper.config.WorkingHours::shown).orElse("") + "): nobody is paged until "
                    + io.pipekeeper.oncall.Roster.shown(begins, catalog.team().timezone()));
        }
        for (int firing = run.first(); firing < run.first() + policy.firings(); firing++) {
            Instant at = fireTime(incident, policy, run, firing);
            if (at.isAfter(now)) {
                EscalationTimers.add(handle, incident.id(), firing, at);
            } else {
                page(handle, incident, policy, firing, now);
            }
        }
    }

    /** The run of the policy the incident is in. */
    static Run run(Handle handle, Incident incident) {
        return handle.createQuery("SELECT policy_start, first_firing FROM incidents WHERE id = :id").bind("id", incident.id())
                .map((rs, ctx) -> new Run(Optional.ofNullable(rs.getObject("policy_start", java.time.OffsetDateTime.class))
                        .map(java.time.OffsetDateTime::toInstant).orElse(incident.openedAt()), rs.getInt("first_firing")))
                .one();
    }

    /**
     * When a run's first step may page: its start, or, for a severity that pages in working hours ({@code pages:
     * working_hours}), the start of the next working hours if it starts outside them.
     */
    private Instant begins(Incident incident, Run run) {
        Sla sla = slaOf(incident.severity());
        return sla.pages() == Sla.Urgency.WORKING_HOURS
                ? catalog.team().workingHours().map(hours -> hours.nextStart(run.start(), catalog.team().timezone())).orElse(run.start())
                : run.start();
    }

    /** What a maintenance window may name for this incident: its subject and the pipelines its blast radius reaches. */
    private List<String> subjects(Incident incident) {
        List<String> subjects = new ArrayList<>(List.of(incident.subject()));
        subjects.addAll(rules.blastRadius(incident.subject()).pipelines());
        return subjects;
    }

    /**
     * Inside the transaction that ended {@code window} early: the triggered incidents it held (their run starts at its
     * planned end) start their policies now.
     */
    void release(Handle handle, Maintenance.Window window, String by, Instant now) {
        List<Incident> held = handle.createQuery("SELECT id FROM incidents WHERE status = 'triggered' AND policy_start = :end")
                .bind("end", IncidentStore.utc(window.end())).mapTo(Long.class).list().stream()
                .map(id -> IncidentStore.byId(handle, id).orElseThrow()).filter(incident -> window.covers(subjects(incident))).toList();
        for (Incident incident : held) {
            EscalationTimers.cancel(handle, incident.id());
            IncidentStore.event(handle, incident.id(), now, "escalation", by, "the maintenance of " + window.scope() + " was ended by " + by
                    + ": the policy starts now");
            run(handle, incident, new Run(now, run(handle, incident).first()), now);
        }
    }

    /**
     * Inside the transaction that snoozed it: when {@code until} comes, the incident is triggered again and its policy
     * runs anew, unless it was resolved (or escalated by hand) first.
     */
    static void snooze(Handle handle, Incident incident, Instant until) {
        EscalationTimers.addWake(handle, incident.id(), until);
    }

    /** The wake-up timer of a snooze went off at {@code now}: an incident still acknowledged is triggered and its policy runs again. */
    public boolean wake(long incidentId, Instant now) {
        return store.jdbi().inTransaction(handle -> {
            Optional<Incident> incident = IncidentStore.byId(handle, incidentId);
            if (incident.isEmpty() || incident.get().status() != Incident.Status.ACKNOWLEDGED) {
                return false; // resolved, or triggered again by hand, meanwhile
            }
            if (!IncidentStore.update(handle, incident.get(), "status = 'triggered'")) {
                throw new IllegalStateException("incident #" + incidentId + " changed while its snooze ran out; the timer will retry");
            }
            Incident woken = IncidentStore.byId(handle, incidentId).orElseThrow();
            EscalationPolicy policy = policyOf(woken);
            int steps = policy.steps().size();
            int first = handle.createQuery("SELECT last_step FROM incidents WHERE id = :id").bind("id", incidentId).mapTo(Integer.class).findOne()
                    .map(last -> (last / steps + 1) * steps).orElse(0);
            IncidentStore.event(handle, incidentId, now, "snooze", null, "the snooze ran out: the incident is triggered again and its policy runs anew");
            EscalationTimers.cancel(handle, incidentId);
            run(handle, woken, new Run(now, first), now);
            return true;
        });
    }

    /** The snooze's wake-up timers, for a db-scheduler that runs them; {@code clock} is now as that scheduler sees it. */
    public OneTimeTask<Void> wakeTask(Supplier<Instant> clock) {
        return Tasks.oneTime(EscalationTimers.WAKE)
                .onFailure((complete, operations) -> operations.reschedule(complete,
                        complete.getTimeDone().plus(retryAfter(complete.getExecution().consecutiveFailures))))
                .execute((instance, context) -> wake(Long.parseLong(instance.getId()), clock.get()));
    }

    /** The policy an incident follows: the own policy of its pipeline (its subject, or the first its blast radius reaches), else the team's. */
    EscalationPolicy policyOf(Incident incident) {
        return owned(incident).flatMap(Pipeline::escalation).orElse(catalog.oncall().escalation());
    }

    private Optional<Pipeline> owned(Incident incident) {
        return rules.blastRadius(incident.subject()).pipelines().stream().findFirst().map(catalog::pipeline);
    }

    /** When a firing of the policy happens for this incident: its delay after its run begins, percentages counted on the current severity. */
    private Instant fireTime(Incident incident, EscalationPolicy policy, Run run, int firing) {
        return begins(incident, run).plus(policy.delay(firing - run.first(), slaOf(incident.severity())));
    }

    /**
     * After a severity change: the timers still waiting move with the new respond SLA; those now overdue fire at once,
     * in this transaction (each once: its timer goes), in order. Steps already done have no timer and do not repeat.
     */
    void reschedule(Handle handle, Incident incident, Instant now) {
        EscalationPolicy policy = policyOf(incident);
        Run run = run(handle, incident);
        for (int firing = run.first(); firing < run.first() + policy.firings(); firing++) {
            Instant at = fireTime(incident, policy, run, firing);
            if (at.isAfter(now)) {
                EscalationTimers.move(handle, incident.id(), firing, at);
            } else if (EscalationTimers.remove(handle, incident.id(), firing) && incident.status() == Incident.Status.TRIGGERED) {
                page(handle, incident, policy, firing, now);
            }
        }
    }

    /** Inside an answer's transaction: deletes the timers still waiting; returns how many. */
    static int cancel(Handle handle, long incidentId) {
        return EscalationTimers.cancel(handle, incidentId);
    }

    /** The timers, for a db-scheduler that runs them; {@code clock} is now as that scheduler sees it. */
    public OneTimeTask<Void> task(Supplier<Instant> clock) {
        return Tasks.oneTime(EscalationTimers.TASK)
                // A step that failed (a row lock held past the store's timeout, a lost connection) is tried again within
                // seconds: db-scheduler's default waits five minutes, and a page that late has missed its respond SLA.
                .onFailure((complete, operations) -> operations.reschedule(complete,
                        complete.getTimeDone().plus(retryAfter(complete.getExecution().consecutiveFailures))))
                .execute((instance, context) -> {
            EscalationTimers.Timer timer = EscalationTimers.parse(instance.getId(), clock.get());
            fire(timer.incidentId(), timer.step(), timer.at());
        });
    }

    /** How long a step that failed {@code failuresBefore} times already waits to be tried again: 1 s, doubling, at most a minute. */
    static Duration retryAfter(int failuresBefore) {
        Duration doubled = RETRY_FIRST.multipliedBy(1L << Math.min(Math.max(failuresBefore, 0), 6));
        return doubled.compareTo(RETRY_MOST) > 0 ? RETRY_MOST : doubled;
    }

    /** A step's timer went off at {@code now}: pages its targets unless the incident was answered; true when it paged. */
    public boolean fire(long incidentId, int step, Instant now) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<Boolean> outcome = store.jdbi().inTransaction(handle -> {
                Optional<Incident> incident = IncidentStore.byId(handle, incidentId);
                if (incident.isEmpty()) {
                    return Optional.of(false);
                }
                EscalationPolicy policy = policyOf(incident.get());
                Run run = run(handle, incident.get());
                if (step < run.first() || step >= run.first() + policy.firings()) {
                    return Optional.of(false); // the policy was shortened since the timer was set, or a snooze started a new run
                }
                if (incident.get().status() != Incident.Status.TRIGGERED) {
                    IncidentStore.event(handle, incidentId, now, "escalation", null, policy.describe(step) + " not needed: the incident is "
                            + incident.get().status().text());
                    return Optional.of(false);
                }
                // Taking the version serialises this step with any answer: whichever commits second sees the other.
                if (!IncidentStore.update(handle, incident.get(), "status = status")) {
                    return Optional.empty();
                }
                page(handle, incident.get(), policy, step, now);
                return Optional.of(true);
            });
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
        throw new IllegalStateException("incident #" + incidentId + " kept changing while step " + (step + 1) + " fired; the timer will retry");
    }

    /** Resolves a firing's targets as of {@code now} and queues their pages, in the caller's transaction. */
    private void page(Handle handle, Incident incident, EscalationPolicy policy, int firing, Instant now) {
        EscalationStep step = policy.step(firing);
        Assignment onCall = rosterNow.get().schedule().at(now);
        Optional<Pipeline> owned = owned(incident);
        Set<String> people = new LinkedHashSet<>();
        List<String> gaps = new ArrayList<>();
        boolean beforeRotation = onCall.shift().isEmpty();
        for (EscalationTarget target : step.targets()) {
            Optional<String> person = switch (target.kind()) {
                // Before the rotation starts nobody is on call and the owners stand in; a primary nobody can hold falls to them too.
                case PRIMARY -> onCall.primary().or(() -> owned.map(p -> p.owners().primary()));
                case SECONDARY -> beforeRotation ? owned.map(p -> p.owners().secondary()) : onCall.secondary();
                case OWNER_PRIMARY -> owned.map(p -> p.owners().primary());
                case OWNER_SECONDARY -> owned.map(p -> p.owners().secondary());
                case PERSON -> target.person();
                case TEAM -> Optional.empty(); // the team's channels below
            };
            if (person.isEmpty() && target.kind() != EscalationTarget.Kind.TEAM) {
                gaps.add(gap(target, now));
            }
            person.ifPresent(people::add);
            if (target.kind() == EscalationTarget.Kind.PRIMARY || target.kind() == EscalationTarget.Kind.SECONDARY) {
                io.pipekeeper.config.RoleOverride.Role role = target.kind() == EscalationTarget.Kind.PRIMARY
                        ? io.pipekeeper.config.RoleOverride.Role.PRIMARY : io.pipekeeper.config.RoleOverride.Role.SECONDARY;
                catalog.oncall().respondersAt(role, java.time.LocalDateTime.ofInstant(now, catalog.team().timezone()))
                        .forEach(added -> people.add(added.person()));
            }
        }
        List<String> paged = List.copyOf(people);
        List<String> sent = new ArrayList<>();
        for (String id : paged) {
            List<String> channels = new ArrayList<>();
            for (String channel : step.via()) {
                if (!EscalationStep.TEAM_CHANNELS.contains(channel) && enqueue(handle, incident, Notice.PAGE, firing, id, channel, paged, now)) {
                    channels.add(channel);
                }
            }
            catalog.team().person(id).filter(person -> team.directMessage(handle, incident, firing, person, paged, now))
                    .ifPresent(person -> channels.add("a Slack direct message"));
            sent.add(id + (channels.isEmpty() ? " (no configured channel reaches them)" : " by " + String.join(", ", channels)));
        }
        for (String channel : step.via()) {
            if (EscalationStep.TEAM_CHANNELS.contains(channel) && team.configured(channel)) {
                team.page(handle, incident, firing, channel, paged, now);
                sent.add("the team by " + channel);
            }
        }
        boolean rolesNamed = step.targets().stream().anyMatch(t -> t.kind() == EscalationTarget.Kind.PRIMARY || t.kind() == EscalationTarget.Kind.SECONDARY);
        String standIn = onCall.primary().isEmpty() && rolesNamed
                ? (beforeRotation ? " (nobody is on call yet; the owners stand in)" : " (nobody can be primary now; the owners stand in)") : "";
        String acting = step.targets().stream().anyMatch(t -> t.kind() == EscalationTarget.Kind.PRIMARY) && onCall.source() == io.pipekeeper.oncall.Source.TIME_OFF
                ? onCall.primary().map(p -> " (" + p + " is acting primary: " + String.join("; ", onCall.reasons()) + ")").orElse("") : "";
        IncidentStore.event(handle, incident.id(), now, "escalation", null, policy.describe(firing) + ": "
                + (sent.isEmpty() ? "nobody to page" : "paging " + String.join("; ", sent)) + standIn + acting
                + (gaps.isEmpty() ? "" : "; " + String.join("; ", gaps)));
        handle.createUpdate("UPDATE incidents SET last_step = :step WHERE id = :id AND (last_step IS NULL OR last_step < :step)")
                .bind("step", firing).bind("id", incident.id()).execute();
    }

    /** What a target that reaches nobody says on the timeline: "no secondary on call at 10:10". */
    private String gap(EscalationTarget target, Instant now) {
        String at = " at " + java.time.format.DateTimeFormatter.ofPattern("HH:mm").format(now.atZone(catalog.team().timezone()));
        return switch (target.kind()) {
            case PRIMARY -> "no primary on call" + at + ", and no owner to stand in";
            case SECONDARY -> "no secondary on call" + at;
            case OWNER_PRIMARY, OWNER_SECONDARY -> "no owners: the incident's subject belongs to no pipeline";
            case PERSON, TEAM -> "nobody";
        };
    }

    /**
     * Inside an escalation by hand: pages the step after the last one that paged, now, and sets the timers of the steps
     * after it that are still to come (those whose time passed while it was acknowledged are not sent late). Returns the
     * step paged; refused when every step has paged.
     */
    int escalateNow(Handle handle, Incident incident, Instant now) {
        EscalationPolicy policy = policyOf(incident);
        Run run = run(handle, incident);
        int next = handle.createQuery("SELECT last_step FROM incidents WHERE id = :id").bind("id", incident.id())
                .mapTo(Integer.class).findOne().map(last -> Math.max(last + 1, run.first())).orElse(run.first());
        if (next >= run.first() + policy.firings()) {
            throw new IncidentActions.Refused("incident #" + incident.id() + " has paged every step of its policy (" + policy.firings()
                    + "); page someone yourself with 'pipekeeper notify', or acknowledge it");
        }
        EscalationTimers.cancel(handle, incident.id());
        page(handle, incident, policy, next, now);
        for (int firing = next + 1; firing < run.first() + policy.firings(); firing++) {
            Instant at = fireTime(incident, policy, run, firing);
            if (at.isAfter(now)) {
                EscalationTimers.add(handle, incident.id(), firing, at);
            }
        }
        return next;
    }

    /**
     * Queues one person's message of this kind by one way of reaching them ({@code email}, {@code phone}), rendered for it;
     * false when that way is not configured or has no address for them.
     */
    boolean enqueue(Handle handle, Incident incident, Notice notice, int step, String personId, String channel, List<String> paged, Instant now) {
        Optional<Person> person = catalog.team().person(personId);
        if (person.isEmpty() || !configured(channel)) {
            return false;
        }
        int priority = notice == Notice.PAGE ? List.copyOf(catalog.severities().keySet()).indexOf(incident.severity()) : PageRequest.NOTICE;
        if (channel.equals("email")) {
            Outbox.enqueue(handle, new PageRequest(incident.id(), notice, step, personId, Via.EMAIL, person.get().email(),
                    PageTexts.subject(catalog, incident), PageTexts.body(catalog, incident, Impacts.of(handle, incident.id()), paged,
                    ActionLinks.load(handle, catalog.baseUrl()), personId), priority), now);
            return true;
        }
        if (person.get().phone().isEmpty() || !List.of("phone", "sms", "voice").contains(channel)) {
            return false;
        }
        // phone: an SMS and a call as channels.phone allows; sms and voice: the one the step names.
        PhoneSettings phone = catalog.phone().orElseThrow();
        String number = person.get().phone().get();
        boolean sms = channel.equals("sms") || channel.equals("phone") && phone.sms();
        if (sms && PhoneReplies.smsStopped(handle, personId)) {
            sms = false;
            IncidentStore.event(handle, incident.id(), now, "escalation", null, "no SMS to " + personId + ": they replied STOP (START turns SMS on again)");
        }
        boolean voice = channel.equals("voice") || channel.equals("phone") && phone.voice();
        if (sms) {
            Outbox.enqueue(handle, new PageRequest(incident.id(), notice, step, personId, Via.SMS, number, PageTexts.sms(catalog, incident),
                    PageTexts.sms(catalog, incident), priority), now);
        }
        if (voice) {
            Outbox.enqueue(handle, new PageRequest(incident.id(), notice, step, personId, Via.VOICE, number, PageTexts.subject(catalog, incident),
                    PageTexts.twiml(catalog, incident), priority), now);
        }
        return sms || voice;
    }

    /**
     * Inside the transaction that gave up on {@code failed}: pages the same person for the same step by their next
     * channel not tried yet, and says so on the timeline (and to the team's channels); false when none is left.
     */
    public boolean fallBack(Handle handle, Outbox.Page failed, String why, Instant now) {
        String way = failed.via().way();
        if (failed.incidentId() == null || !failed.via().personal()) {
            return false;
        }
        Incident incident = IncidentStore.byId(handle, failed.incidentId()).orElseThrow();
        if (failed.notice() == Notice.PAGE && incident.status() != Incident.Status.TRIGGERED) {
            return false;
        }
        List<Outbox.Tried> sameStep = Outbox.tried(handle, incident.id(), failed.notice(), failed.step(), failed.person());
        Optional<Via> reached = sameStep.stream().filter(tried -> tried.status().equals("sent") || tried.status().equals("delivered")).map(Outbox.Tried::via).findFirst();
        String failedText = failed.via().text() + " to " + failed.person() + " failed (" + why + ")";
        if (reached.isPresent()) {
            IncidentStore.event(handle, incident.id(), now, "fallback", null, failedText + "; " + failed.person() + " was reached by "
                    + reached.get().text());
            return false;
        }
        Optional<Via> stillTrying = sameStep.stream().filter(tried -> tried.status().equals("pending") || tried.status().equals("sending"))
                .map(Outbox.Tried::via).findFirst();
        if (stillTrying.isPresent()) {
            IncidentStore.event(handle, incident.id(), now, "fallback", null, failedText + "; " + failed.person() + " is still being paged by "
                    + stillTrying.get().text());
            return false;
        }
        List<String> tried = sameStep.stream().map(page -> page.via().way()).toList();
        int from = PERSONAL.indexOf(way);
        for (int i = 1; i < PERSONAL.size(); i++) {
            String next = PERSONAL.get((from + i) % PERSONAL.size());
            if (!tried.contains(next) && enqueue(handle, incident, failed.notice(), failed.step(), failed.person(), next, List.of(failed.person()), now)) {
                String text = failedText + "; paging " + failed.person() + " by " + next + " instead";
                IncidentStore.event(handle, incident.id(), now, "fallback", null, text);
                team.tell(handle, incident, Notice.FALLBACK, failed.step(), "pipekeeper #" + incident.id() + ": " + text, text, now);
                return true;
            }
        }
        IncidentStore.event(handle, incident.id(), now, "fallback", null, "no other channel reaches " + failed.person() + " after " + failedText);
        return false;
    }

    /**
     * Inside the transaction that resolved it: tells everyone the incident paged that it recovered on its own, with
     * what ran again, by the channels that reached them; the team's channels hear it too.
     */
    void tellRecovered(Handle handle, Incident incident, String resolved, Optional<String> recovery, Instant now) {
        tellAll(handle, incident, Notice.RECOVERED, "pipekeeper #" + incident.id() + " is resolved: " + resolved + recovery.map(r -> ".\n" + r).orElse(""),
                Optional.empty(), now);
    }

    /**
     * Inside the transaction that resolved it: tells everyone the incident paged, once, by the channels that reached
     * them (an SMS for a phone page, an email for a mailed one), except {@code except}: who resolved it by phone.
     */
    void tellResolved(Handle handle, Incident incident, String by, Optional<String> except, Instant now) {
        tellAll(handle, incident, Notice.RESOLVED, "pipekeeper #" + incident.id() + " was resolved by " + by, except, now);
    }

    private void tellAll(Handle handle, Incident incident, Notice notice, String resolved, Optional<String> except, Instant now) {
        String subject = "[RESOLVED] " + PageTexts.subject(catalog, incident).replaceFirst(" — respond by .*$", "");
        String body = resolved + ".\n\nNothing more to do. The timeline: pipekeeper incident show " + incident.id() + "\n";
        String sms = PhoneChannel.sms(resolved + ": " + subject.replaceFirst("^\\[RESOLVED\\] ", "") + ". Nothing more to do.");
        List<String> told = new ArrayList<>();
        Outbox.reached(handle, incident.id()).forEach((personId, vias) -> {
            Optional<Person> person = catalog.team().person(personId);
            if (person.isEmpty() || except.filter(personId::equals).isPresent()) {
                return;
            }
            List<String> ways = new ArrayList<>();
            if (vias.contains(Via.EMAIL) && configured("email")) {
                Outbox.enqueue(handle, new PageRequest(incident.id(), notice, 0, personId, Via.EMAIL, person.get().email(), subject, body), now);
                ways.add("email");
            }
            if ((vias.contains(Via.SMS) || vias.contains(Via.VOICE)) && configured("sms") && person.get().phone().isPresent()
                    && !PhoneReplies.smsStopped(handle, personId)) {
                Outbox.enqueue(handle, new PageRequest(incident.id(), notice, 0, personId, Via.SMS, person.get().phone().get(), sms, sms), now);
                ways.add("sms");
            }
            if (!ways.isEmpty()) {
                told.add(personId + " by " + String.join(", ", ways));
            }
        });
        if (!told.isEmpty()) {
            team.tell(handle, incident, notice, 0, subject, body, now);
            IncidentStore.event(handle, incident.id(), now, "escalation", null, "telling " + String.join("; ", told) + " that it "
                    + (notice == Notice.RECOVERED ? "recovered" : "is resolved"));
        }
    }

    private boolean configured(String channel) {
        return switch (channel) {
            case "email" -> catalog.email().isPresent();
            case "phone", "sms", "voice" -> catalog.phone().isPresent();
            case "slack", "webhook", "teams" -> team.configured(channel);
            default -> false;
        };
    }

    private Sla slaOf(String severity) {
        return SeverityRules.slaOf(catalog, severity);
    }
}
