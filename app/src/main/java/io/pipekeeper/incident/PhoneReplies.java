package io.pipekeeper.incident;

import io.pipekeeper.notify.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Answers to pages by phone: an SMS reply from a person's number ({@link PhoneReply}), or a key pressed during a
 * page's call (4 acknowledges, 6 resolves). Every reply is answered ("acknowledged #12", "already acknowledged #12",
 * "resolved #12", "no open incident #12"); what is not understood gets "sorry" with the usage, at most
 * {@value #SORRY_PER_HOUR} times an hour per number, then nothing. STOP turns a person's SMS pages off, START on
 * again. The only writer of {@code phone_replies} and {@code sms_stopped}.
 */
public final class PhoneReplies {
    /** How many "sorry" answers one number gets in an hour; after that, nonsense is not answered (no loop with a bot). */
    public static final int SORRY_PER_HOUR = 5;

    private final IncidentStore store;
    private final IncidentActions actions;

    public PhoneReplies(IncidentStore store, IncidentActions actions) {
        this.store = store;
        this.actions = actions;
    }

    /** The answer to {@code body}, sent by {@code person} from {@code number}; empty: answer nothing. */
    public Optional<String> answer(String person, String number, String body, Instant now) {
        PhoneReply reply = PhoneReply.parse(body);
        Answer answer = switch (reply.action()) {
            case STOP -> stop(person, now);
            case START -> start(person);
            case NOT_UNDERSTOOD -> sorry(number, now);
            case ACKNOWLEDGE, RESOLVE -> reply.incident().map(id -> act(reply.action(), id, person, now)).orElseGet(() -> bare(reply.action(), person, now));
            case NOISE, USEFUL -> feedback(reply.action(), reply.incident().orElseThrow(), person, now);
        };
        store.jdbi().useHandle(handle -> handle.createUpdate("INSERT INTO phone_replies (at, number, person, body, answer) VALUES (:at, :n, :p, :b, :a)")
                .bind("at", IncidentStore.utc(now)).bind("n", number).bind("p", person).bind("b", cut(body == null ? "" : body)).bind("a", answer.kind)
                .execute());
        return answer.text;
    }

    /** A key pressed during the call that paged {@code person} for incident {@code id}: what the call says back. */
    public String pressed(long id, String person, String key, Instant now) {
        return switch (key) {
            case "4" -> act(PhoneReply.Action.ACKNOWLEDGE, id, person, now).text.orElseThrow();
            case "6" -> act(PhoneReply.Action.RESOLVE, id, person, now).text.orElseThrow();
            default -> "Nothing was done. The page stands.";
        };
    }

    /** Whether {@code person} replied STOP (and not START since): they get no SMS pages. */
    static boolean smsStopped(Handle handle, String person) {
        return handle.createQuery("SELECT count(*) FROM sms_stopped WHERE person = :p").bind("p", person).mapTo(Integer.class).one() > 0;
    }

    private record Answer(String kind, Optional<String> text) {
        static Answer of(String kind, String text) {
            return new Answer(kind, Optional.of(text));
        }
    }

    private Answer act(PhoneReply.Action action, long id, String person, Instant now) {
        Optional<Incident> incident = store.find(id);
        if (incident.isEmpty() || !incident.get().open()) {
            return Answer.of("no_open", "no open incident #" + id);
        }
        try {
            if (action == PhoneReply.Action.ACKNOWLEDGE) {
                if (incident.get().status() == Incident.Status.ACKNOWLEDGED) {
                    return Answer.of("already", "already acknowledged #" + id + incident.get().acknowledgedBy().map(p -> " by " + p).orElse(""));
                }
                actions.acknowledge(id, person, now);
                return Answer.of("acknowledged", "acknowledged #" + id);
            }
            actions.resolve(id, person, "resolved by phone", now, true);
            return Answer.of("resolved", "resolved #" + id);
        } catch (IncidentActions.Refused refused) {
            // answered by someone else in between: say what it is now
            Incident current = store.find(id).orElseThrow();
            return current.open() ? Answer.of("already", "already " + current.status().text() + " #" + id) : Answer.of("no_open", "no open incident #" + id);
        }
    }

    /** {@code 12n} or {@code 12u}: whether incident 12's page was worth it, as {@code person} says. */
    private Answer feedback(PhoneReply.Action action, long id, String person, Instant now) {
        PageFeedback.Verdict verdict = action == PhoneReply.Action.NOISE ? PageFeedback.Verdict.NOISE : PageFeedback.Verdict.USEFUL;
        try {
            new PageFeedback(store.jdbi()).record(id, person, verdict, now);
        } catch (IncidentActions.Refused refused) {
            return Answer.of("no_open", "no incident #" + id);
        }
        return Answer.of(verdict.text(), "thanks: #" + id + "'s page recorded as " + verdict.text());
    }

    /** A bare ack or resolve: the one open incident paged to {@code person}, if there is exactly one. */
    private Answer bare(PhoneReply.Action action, String person, Instant now) {
        List<Long> open = store.jdbi().withHandle(handle -> Outbox.incidentsPaging(handle, person)).stream()
                .filter(id -> store.find(id).filter(Incident::open).isPresent()).toList();
        if (open.size() == 1) {
            return act(action, open.get(0), person, now);
        }
        if (open.isEmpty()) {
            return Answer.of("no_open", "no open incident is paged to you");
        }
        return Answer.of("choose", open.size() + " open incidents are paged to you (" + String.join(", ", open.stream().map(id -> "#" + id).toList())
                + "): reply '" + open.get(0) + "a' or 'ack " + open.get(0) + "' with one number");
    }

    private Answer stop(String person, Instant now) {
        store.jdbi().useTransaction(handle -> {
            if (!smsStopped(handle, person)) {
                handle.createUpdate("INSERT INTO sms_stopped (person, stopped_at) VALUES (:p, :at)").bind("p", person).bind("at", IncidentStore.utc(now))
                        .execute();
            }
        });
        return Answer.of("stop", "SMS pages are off for " + person + "; calls and email still reach you. Reply START to turn them on.");
    }

    private Answer start(String person) {
        store.jdbi().useHandle(handle -> handle.createUpdate("DELETE FROM sms_stopped WHERE person = :p").bind("p", person).execute());
        return Answer.of("start", "SMS pages are on again for " + person + ".");
    }

    private Answer sorry(String number, Instant now) {
        int sorries = store.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT count(*) FROM phone_replies WHERE number = :n AND answer = 'sorry' AND at > :since")
                .bind("n", number).bind("since", IncidentStore.utc(now.minus(Duration.ofHours(1)))).mapTo(Integer.class).one());
        if (sorries >= SORRY_PER_HOUR) {
            return new Answer("silent", Optional.empty());
        }
        return Answer.of("sorry", "sorry, pipekeeper did not understand: " + PhoneReply.USAGE);
    }

    private static String cut(String text) {
        return text.length() <= 1600 ? text : text.substring(0, 1600);
    }
}
