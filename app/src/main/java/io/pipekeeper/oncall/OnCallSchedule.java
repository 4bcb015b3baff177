package io.pipekeeper.oncall;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who is on call at any instant: the rotation, then a saved plan where one covers the instant, then time
 * off, then overrides. Pure: it does no I/O and takes every instant as an argument.
 *
 * <p>Time off is covered so: when the person away is the primary, the secondary becomes primary if free;
 * every role left open goes to the free person with the least on-call time (by rotation and plan) in the
 * eight weeks around the shift's start, ties going to the person listed first in team.people. An override
 * wins over everything; when it names the person holding the other role, the two swap.
 */
public final class OnCallSchedule {
    static final Duration FAIRNESS_WINDOW = Duration.ofDays(28);

    private final RotationSchedule rotation;
    private final List<Shift> plan;
    private final List<Away> away;
    private final List<Takeover> takeovers;
    private final List<String> people;

    public OnCallSchedule(RotationSchedule rotation, List<Shift> plan, List<Away> away, List<Takeover> takeovers,
                          List<String> people) {
        this.rotation = rotation;
        this.plan = plan.stream().sorted(Comparator.comparing(Shift::start)).toList();
        this.away = List.copyOf(away);
        this.takeovers = List.copyOf(takeovers);
        this.people = List.copyOf(people);
    }

    public RotationSchedule rotation() {
        return rotation;
    }

    /** The turn in force at t, from the plan where it covers t, else from the rotation. */
    public Optional<Shift> baseShiftAt(Instant t) {
        for (Shift planned : plan) {
            if (planned.contains(t)) {
                return Optional.of(planned);
            }
        }
        Optional<Shift> turn = rotation.shiftAt(t);
        return turn.map(shift -> clipToPlan(shift, t));
    }

    /** A rotation shift cut where a plan begins or ends inside it, so that the two never overlap. */
    private Shift clipToPlan(Shift shift, Instant t) {
        Instant start = shift.start();
        Instant end = shift.end();
        for (Shift planned : plan) {
            if (!planned.end().isAfter(t) && planned.end().isAfter(start)) {
                start = planned.end();
            }
            if (planned.start().isAfter(t) && planned.start().isBefore(end)) {
                end = planned.start();
            }
        }
        return new Shift(shift.index(), start, end, shift.primary(), shift.secondary());
    }

    private boolean fromPlan(Shift shift) {
        return plan.contains(shift);
    }

    /** The same schedule with more time off, to see what a change would do before it is made. */
    public OnCallSchedule withExtraAway(List<Away> more) {
        List<Away> all = new ArrayList<>(away);
        all.addAll(more);
        return new OnCallSchedule(rotation, plan, all, takeovers, people);
    }

    /** The same schedule with {@code newPlan} in place of the saved one. */
    public OnCallSchedule withPlan(List<Shift> newPlan) {
        return new OnCallSchedule(rotation, newPlan, away, takeovers, people);
    }

    /** Whether the person is on time off at any moment of [from, to). */
    public boolean isAwayDuring(String person, Instant from, Instant to) {
        return away.stream().anyMatch(a -> a.person().equals(person) && a.overlaps(from, to));
    }

    /** The person's time off that overlaps [from, to). */
    public List<Away> awayDuring(String person, Instant from, Instant to) {
        return away.stream().filter(a -> a.person().equals(person) && a.overlaps(from, to)).toList();
    }

    public boolean isAway(String person, Instant t) {
        return away.stream().anyMatch(a -> a.person().equals(person) && a.covers(t));
    }

    public Assignment at(Instant t) {
        Optional<Shift> base = baseShiftAt(t);
        if (base.isEmpty()) {
            return applyTakeovers(new Assignment(t, Optional.empty(), Optional.empty(), Optional.empty(), Source.NONE,
                    List.of("the rotation starts at " + rotation.start())));
        }
        Shift shift = base.get();
        Assignment assignment = new Assignment(t, base, Optional.of(shift.primary()), Optional.of(shift.secondary()),
                fromPlan(shift) ? Source.PLAN : Source.ROTATION, List.of());
        return applyTakeovers(coverTimeOff(assignment, shift));
    }

    private Assignment coverTimeOff(Assignment assignment, Shift shift) {
        Instant t = assignment.at();
        String primary = assignment.primary().orElseThrow();
        String secondary = assignment.secondary().orElseThrow();
        boolean primaryAway = isAway(primary, t);
        boolean secondaryAway = isAway(secondary, t);
        if (!primaryAway && !secondaryAway) {
            return assignment;
        }
        List<String> reasons = new ArrayList<>();
        String newPrimary = primary;
        String newSecondary = secondary;
        if (primaryAway) {
            reasons.add(primary + " is on time off" + awayReason(primary, t));
            if (!secondaryAway) {
                newPrimary = secondary;
                reasons.add(secondary + " moves up to primary");
                newSecondary = null;
            } else {
                reasons.add(secondary + " is on time off" + awayReason(secondary, t));
                newPrimary = null;
                newSecondary = null;
            }
        } else {
            reasons.add(secondary + " is on time off" + awayReason(secondary, t));
            newSecondary = null;
        }
        Map<String, Duration> load = baseLoadAround(shift.start());
        if (newPrimary == null) {
            newPrimary = leastLoaded(t, load, List.of()).orElse(null);
            reasons.add(newPrimary == null ? "nobody is free to be primary"
                    : newPrimary + " takes primary (free, least on call in the 8 weeks around the shift)");
        }
        if (newSecondary == null) {
            List<String> taken = newPrimary == null ? List.of() : List.of(newPrimary);
            newSecondary = leastLoaded(t, load, taken).orElse(null);
            reasons.add(newSecondary == null ? "nobody is free to be secondary"
                    : newSecondary + " takes secondary (free, least on call in the 8 weeks around the shift)");
        }
        return new Assignment(t, assignment.shift(), Optional.ofNullable(newPrimary), Optional.ofNullable(newSecondary),
                Source.TIME_OFF, reasons);
    }

    private String awayReason(String person, Instant t) {
        return away.stream().filter(a -> a.person().equals(person) && a.covers(t)).findFirst()
                .map(a -> a.reason() == null || a.reason().isBlank() ? "" : " (" + a.reason() + ")").orElse("");
    }

    private Optional<String> leastLoaded(Instant t, Map<String, Duration> load, List<String> taken) {
        return people.stream()
                .filter(p -> !taken.contains(p) && !isAway(p, t))
                .min(Comparator.comparing((String p) -> load.getOrDefault(p, Duration.ZERO))
                        .thenComparing(people::indexOf));
    }

    /** Hours each person holds a role, by rotation and plan, in the eight weeks around {@code center}. */
    Map<String, Duration> baseLoadAround(Instant center) {
        Instant from = center.minus(FAIRNESS_WINDOW);
        Instant to = center.plus(FAIRNESS_WINDOW);
        Map<String, Duration> load = new HashMap<>();
        Instant t = from;
        while (t.isBefore(to)) {
            Optional<Shift> shift = baseShiftAt(t);
            Instant next = shift.map(Shift::end).orElse(rotation.start());
            if (!next.isAfter(t)) {
                next = to;
            }
            Instant end = next.isBefore(to) ? next : to;
            if (shift.isPresent()) {
                Duration held = Duration.between(t, end);
                load.merge(shift.get().primary(), held, Duration::plus);
                load.merge(shift.get().secondary(), held, Duration::plus);
            }
            t = end;
        }
        return load;
    }

    private Assignment applyTakeovers(Assignment assignment) {
        Instant t = assignment.at();
        Optional<String> primary = assignment.primary();
        Optional<String> secondary = assignment.secondary();
        List<String> reasons = new ArrayList<>(assignment.reasons());
        boolean changed = false;
        for (Role role : Role.values()) {
            Optional<Takeover> winner = takeovers.stream()
                    .filter(o -> o.role() == role && o.covers(t))
                    .min(Comparator.comparing(Takeover::length).thenComparing(Comparator.comparingLong(Takeover::order).reversed()));
            if (winner.isEmpty()) {
                continue;
            }
            Takeover takeover = winner.get();
            Optional<String> displaced = role == Role.PRIMARY ? primary : secondary;
            Optional<String> other = role == Role.PRIMARY ? secondary : primary;
            if (other.isPresent() && other.get().equals(takeover.person())) {
                other = displaced;
            }
            if (role == Role.PRIMARY) {
                primary = Optional.of(takeover.person());
                secondary = other;
            } else {
                secondary = Optional.of(takeover.person());
                primary = other;
            }
            reasons.add("override: " + takeover.person() + " is " + role.text()
                    + (takeover.reason() == null || takeover.reason().isBlank() ? "" : " (" + takeover.reason() + ")")
                    + ", " + takeover.origin());
            changed = true;
        }
        if (!changed) {
            return assignment;
        }
        return new Assignment(t, assignment.shift(), primary, secondary, Source.OVERRIDE, reasons);
    }

    /** The schedule from {@code from} to {@code to}, cut wherever the primary, the secondary or the reason changes. */
    public List<Segment> segments(Instant from, Instant to) {
        TreeSet<Instant> cuts = new TreeSet<>();
        cuts.add(from);
        cuts.add(to);
        for (Shift shift : rotation.shiftsBetween(from, to)) {
            cuts.add(shift.start());
            cuts.add(shift.end());
        }
        for (Shift planned : plan) {
            cuts.add(planned.start());
            cuts.add(planned.end());
        }
        for (Away a : away) {
            cuts.add(a.start());
            cuts.add(a.end());
        }
        for (Takeover o : takeovers) {
            cuts.add(o.start());
            cuts.add(o.end());
        }
        List<Instant> points = new ArrayList<>(cuts.subSet(from, true, to, true));
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i + 1 < points.size(); i++) {
            Instant start = points.get(i);
            Instant end = points.get(i + 1);
            Assignment assignment = at(start);
            int last = segments.size() - 1;
            if (last >= 0 && segments.get(last).sameAs(assignment) && segments.get(last).end().equals(start)) {
                segments.set(last, segments.get(last).extendedTo(end));
            } else {
                segments.add(new Segment(start, end, assignment.primary(), assignment.secondary(), assignment.source(),
                        assignment.shift().map(Shift::index), assignment.reasons()));
            }
        }
        return segments;
    }

    /** The hand-offs (starts of turns) in [from, to). */
    public List<Shift> turnsBetween(Instant from, Instant to) {
        List<Shift> turns = new ArrayList<>();
        Instant t = from;
        while (t.isBefore(to)) {
            Optional<Shift> shift = baseShiftAt(t);
            if (shift.isEmpty()) {
                t = rotation.start().isAfter(t) ? rotation.start() : to;
                continue;
            }
            turns.add(shift.get());
            t = shift.get().end();
        }
        return turns;
    }
}
