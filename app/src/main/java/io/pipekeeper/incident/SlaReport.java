package io.pipekeeper.incident;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * How well the team kept its SLAs over the incidents opened in a stretch of days: mean time to acknowledge and to
 * resolve, and the share answered and resolved in time, overall and by severity, subject and responder.
 *
 * <p>An incident resolved without an acknowledgement counts as answered when it was resolved. A clock that has not
 * run out on an open incident is pending: it counts neither for nor against. Pure: it takes {@code now}.
 */
public record SlaReport(LocalDate from, LocalDate to, Group overall, List<Group> bySeverity, List<Group> bySubject, List<Group> byResponder) {

    /** Who answered an incident nobody has answered yet. */
    public static final String NOBODY = "(nobody)";

    /**
     * The figures for one set of incidents.
     *
     * @param mtta          mean time from opening to the answer, over the answered ones
     * @param respondShare  answered by respond_by, as a share of those whose clock has run out or that were answered
     * @param breaches      respond and resolve deadlines missed (an incident can miss both)
     */
    public record Group(String name, int incidents, Optional<Duration> mtta, Optional<Duration> mttr, OptionalDouble respondShare,
                        OptionalDouble resolveShare, int breaches) {
    }

    public static SlaReport of(List<Incident> all, LocalDate from, LocalDate to, ZoneId zone, Instant now) {
        List<Incident> chosen = all.stream().filter(i -> {
            LocalDate opened = i.openedAt().atZone(zone).toLocalDate();
            return !opened.isBefore(from) && !opened.isAfter(to);
        }).toList();
        return new SlaReport(from, to, group("all", chosen, now),
                groups(chosen, Incident::severity, now), groups(chosen, Incident::subject, now), groups(chosen, SlaReport::responder, now));
    }

    /** The person who acknowledged, else who resolved (pipekeeper itself when the problem went away), else nobody. */
    static String responder(Incident incident) {
        return incident.acknowledgedBy().or(incident::resolvedBy).orElse(NOBODY);
    }

    static Optional<Instant> answeredAt(Incident incident) {
        return incident.acknowledgedAt().or(incident::resolvedAt);
    }

    private static List<Group> groups(List<Incident> incidents, Function<Incident, String> key, Instant now) {
        Map<String, List<Incident>> grouped = new LinkedHashMap<>();
        incidents.stream().sorted(Comparator.comparing(key)).forEach(i -> grouped.computeIfAbsent(key.apply(i), k -> new ArrayList<>()).add(i));
        List<Group> groups = new ArrayList<>();
        grouped.forEach((name, members) -> groups.add(group(name, members, now)));
        return groups;
    }

    private static Group group(String name, List<Incident> incidents, Instant now) {
        Clock respond = new Clock();
        Clock resolve = new Clock();
        for (Incident incident : incidents) {
            respond.add(incident.openedAt(), answeredAt(incident), incident.respondBy(), now);
            resolve.add(incident.openedAt(), incident.resolvedAt(), incident.resolveBy(), now);
        }
        return new Group(name, incidents.size(), respond.mean(), resolve.mean(), respond.share(), resolve.share(),
                respond.missed + resolve.missed);
    }

    /** One SLA clock summed over incidents. */
    private static final class Clock {
        private Duration total = Duration.ZERO;
        private int done;
        private int met;
        private int missed;

        void add(Instant opened, Optional<Instant> doneAt, Instant deadline, Instant now) {
            if (doneAt.isPresent()) {
                total = total.plus(Duration.between(opened, doneAt.get()));
                done++;
                if (doneAt.get().isAfter(deadline)) {
                    missed++;
                } else {
                    met++;
                }
            } else if (now.isAfter(deadline)) {
                missed++;
            }
        }

        Optional<Duration> mean() {
            return done == 0 ? Optional.empty() : Optional.of(total.dividedBy(done));
        }

        OptionalDouble share() {
            return met + missed == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) met / (met + missed));
        }
    }
}
