package io.pipekeeper.oncall.plan;

import ai.timefold.solver.core.api.score.analysis.ConstraintAnalysis;
import ai.timefold.solver.core.api.score.analysis.MatchAnalysis;
import ai.timefold.solver.core.api.score.analysis.ScoreAnalysis;
import ai.timefold.solver.core.api.score.buildin.bendablelong.BendableLongScore;
import ai.timefold.solver.core.api.score.stream.DefaultConstraintJustification;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationCompositionStyle;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import io.pipekeeper.oncall.Fairness;
import io.pipekeeper.oncall.Holiday;
import io.pipekeeper.oncall.HolidayCalendar;
import io.pipekeeper.oncall.RotationSchedule;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.oncall.Shift;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Proposes shifts of the rotation's length from one date to another, with a primary and a secondary each,
 * fair by {@link RosterConstraints}, carrying what each person already did since {@code since}. Uses the
 * Timefold solver, single-threaded with a fixed seed: a first plan that gives every shift two people, then a
 * search that improves it and stops after a run of steps without improvement, a number of moves tried, or
 * {@link #TIME_LIMIT}, whichever comes first. Only the search is limited: a slow machine gets a less polished
 * plan, never none.
 */
public final class FairPlanner {
    static final Duration TIME_LIMIT = Duration.ofSeconds(8);
    private static final int UNIMPROVED_STEPS = 3_000;
    /** On small teams a step may never be taken (no move is accepted), so moves are counted too. */
    private static final long MOVES = 300_000;

    private final SolverFactory<RosterPlan> solverFactory;
    private final SolutionManager<RosterPlan, BendableLongScore> solutionManager;

    public FairPlanner() {
        this(TIME_LIMIT);
    }

    /** A planner whose search stops after {@code timeLimit} at the latest. */
    FairPlanner(Duration timeLimit) {
        this.solverFactory = SolverFactory.create(new SolverConfig()
                .withSolutionClass(RosterPlan.class)
                .withEntityClasses(PlanShift.class)
                .withConstraintProviderClass(RosterConstraints.class)
                .withEnvironmentMode(EnvironmentMode.NO_ASSERT)
                .withRandomSeed(0L)
                // The first plan tries every pair of people for each shift in turn (200 people: 40,000 a shift) and is
                // not cut short: a limit on it left the rest of a large team's year without anyone.
                .withPhases(new ConstructionHeuristicPhaseConfig(), new LocalSearchPhaseConfig().withTerminationConfig(new TerminationConfig()
                        .withTerminationCompositionStyle(TerminationCompositionStyle.OR)
                        .withUnimprovedStepCountLimit(UNIMPROVED_STEPS)
                        .withMoveCountLimit(MOVES)
                        .withSpentLimit(timeLimit))));
        this.solutionManager = SolutionManager.create(solverFactory);
    }

    /** A proposed shift, with the holidays its primary keeps whose noon falls in it. */
    public record PlannedShift(Instant start, Instant end, String primary, String secondary, List<Holiday> holidays) {
        public PlannedShift {
            holidays = List.copyOf(holidays);
        }
    }

    /** The proposal, its fairness (ledger included when since was given), its score, and why. */
    public record Proposal(List<PlannedShift> shifts, Fairness fairness, String score, boolean feasible,
                           List<String> explanation) {
        public Proposal {
            shifts = List.copyOf(shifts);
            explanation = List.copyOf(explanation);
        }

        /** The proposal as shifts that the roster can take as its plan. */
        public List<Shift> asPlan() {
            List<Shift> plan = new ArrayList<>();
            for (int i = 0; i < shifts.size(); i++) {
                PlannedShift shift = shifts.get(i);
                plan.add(new Shift(i, shift.start(), shift.end(), shift.primary(), shift.secondary()));
            }
            return plan;
        }
    }

    /**
     * Plans the turns whose hand-off falls from {@code from} to {@code to} (both inclusive), counting the duty
     * done from {@code since} (inclusive) up to {@code from} into the balance.
     */
    public Proposal plan(Roster roster, LocalDate from, LocalDate to, LocalDate since) {
        RosterPlan problem = problemOf(roster, from, to, since);
        RosterPlan solved = solverFactory.buildSolver().solve(problem);
        List<PlannedShift> shifts = new ArrayList<>();
        for (PlanShift shift : solved.getShifts()) {
            shifts.add(new PlannedShift(shift.getStart(), shift.getEnd(), shift.getPrimary().id(), shift.getSecondary().id(),
                    holidaysIn(roster, roster.holidaysOf(shift.getPrimary().id()), shift.getStart(), shift.getEnd())));
        }
        Proposal draft = new Proposal(shifts, Fairness.of(roster, from, to), "", true, List.of());
        Roster planned = roster.withPlan(draft.asPlan());
        Instant start = since.isBefore(from) ? Roster.startOfDay(since, roster.zone())
                : shifts.isEmpty() ? Roster.startOfDay(from, roster.zone()) : shifts.get(0).start();
        Instant end = shifts.isEmpty() ? Roster.startOfDay(to.plusDays(1), roster.zone()) : shifts.get(shifts.size() - 1).end();
        Fairness fairness = Fairness.of(planned, start, end);
        return new Proposal(shifts, fairness, solved.getScore().toString(), solved.getScore().isFeasible(), explain(solved));
    }

    RosterPlan problemOf(Roster roster, LocalDate from, LocalDate to, LocalDate since) {
        RotationSchedule rotation = roster.schedule().rotation();
        Instant windowStart = Roster.startOfDay(from, roster.zone());
        Instant windowEnd = Roster.startOfDay(to.plusDays(1), roster.zone());
        long first = firstHandoffAtOrAfter(rotation, windowStart);
        List<PlanShift> shifts = new ArrayList<>();
        for (long index = first; rotation.handoff(index).isBefore(windowEnd); index++) {
            Shift turn = rotation.shift(index);
            shifts.add(new PlanShift(shifts.size(), turn.start(), turn.end(), weekendDaysIn(roster, turn.start(), turn.end()),
                    turn.primary(), turn.secondary()));
        }
        Map<String, PlanPerson.Ledger> ledgers = ledgers(roster, since, from, rotation);
        Map<HolidayCalendar, Map<Integer, Integer>> holidaysByCalendar = new IdentityHashMap<>();
        List<PlanPerson> people = new ArrayList<>();
        for (String id : roster.people()) {
            Set<Integer> unavailable = new HashSet<>();
            for (PlanShift shift : shifts) {
                if (roster.schedule().isAwayDuring(id, shift.getStart(), shift.getEnd())) {
                    unavailable.add(shift.getIndex());
                }
            }
            Map<Integer, Integer> holidays = holidaysByCalendar.computeIfAbsent(roster.holidaysOf(id), calendar -> holidaysByShift(roster, calendar, shifts));
            people.add(new PlanPerson(id, ledgers.getOrDefault(id, PlanPerson.Ledger.EMPTY), unavailable, holidays));
        }
        return new RosterPlan(people, shifts);
    }

    /** For one holiday calendar: how many of its holidays fall in each shift that has any, by shift index. */
    private static Map<Integer, Integer> holidaysByShift(Roster roster, HolidayCalendar calendar, List<PlanShift> shifts) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (PlanShift shift : shifts) {
            int holidays = holidaysIn(roster, calendar, shift.getStart(), shift.getEnd()).size();
            if (holidays > 0) {
                counts.put(shift.getIndex(), holidays);
            }
        }
        return counts;
    }

    private static long firstHandoffAtOrAfter(RotationSchedule rotation, Instant t) {
        long index = Duration.between(rotation.start(), t).getSeconds() / rotation.rotation().length().getSeconds() - 1;
        while (rotation.handoff(index).isBefore(t)) {
            index++;
        }
        while (!rotation.handoff(index - 1).isBefore(t)) {
            index--;
        }
        return index;
    }

    /** What each person did from since to the day before from, in shifts and days. */
    private static Map<String, PlanPerson.Ledger> ledgers(Roster roster, LocalDate since, LocalDate from, RotationSchedule rotation) {
        if (!since.isBefore(from)) {
            return Map.of();
        }
        Fairness done = Fairness.of(roster, since, from.minusDays(1));
        double shiftHours = rotation.rotation().length().toSeconds() / 3600.0;
        return done.people().stream().collect(Collectors.toMap(Fairness.PersonShare::id, share -> new PlanPerson.Ledger(
                (int) Math.round(share.primaryHours() / shiftHours), share.primaryHolidays(), share.primaryWeekendDays(),
                (int) Math.round(share.secondaryHours() / shiftHours))));
    }

    private static List<Holiday> holidaysIn(Roster roster, HolidayCalendar calendar, Instant start, Instant end) {
        LocalDate first = start.atZone(roster.zone()).toLocalDate().minusDays(1);
        LocalDate last = end.atZone(roster.zone()).toLocalDate();
        return calendar.between(first, last).stream()
                .filter(h -> noonIn(roster, h.date(), start, end))
                .toList();
    }

    private static int weekendDaysIn(Roster roster, Instant start, Instant end) {
        int count = 0;
        for (LocalDate date = start.atZone(roster.zone()).toLocalDate(); !date.isAfter(end.atZone(roster.zone()).toLocalDate());
             date = date.plusDays(1)) {
            boolean weekend = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
            if (weekend && noonIn(roster, date, start, end)) {
                count++;
            }
        }
        return count;
    }

    private static boolean noonIn(Roster roster, LocalDate date, Instant start, Instant end) {
        Instant noon = date.atTime(LocalTime.NOON).atZone(roster.zone()).toInstant();
        return !noon.isBefore(start) && noon.isBefore(end);
    }

    /** Every soft penalty and broken hard rule, in words, from Timefold's score analysis. */
    private List<String> explain(RosterPlan solved) {
        ScoreAnalysis<BendableLongScore> analysis = solutionManager.analyze(solved);
        List<String> lines = new ArrayList<>();
        for (ConstraintAnalysis<BendableLongScore> constraint : analysis.constraintMap().values()) {
            if (constraint.matchCount() == 0) {
                continue;
            }
            lines.add(constraint.constraintRef().constraintName() + ": " + constraint.score());
            if (constraint.matches() == null) {
                continue;
            }
            for (MatchAnalysis<BendableLongScore> match : constraint.matches()) {
                if (match.justification() instanceof DefaultConstraintJustification justification) {
                    lines.add("  " + describe(justification.getFacts()) + ": " + match.score());
                }
            }
        }
        return lines;
    }

    private static String describe(List<Object> facts) {
        List<String> words = new ArrayList<>();
        for (Object fact : facts) {
            if (fact instanceof PlanPerson person) {
                words.add(person.id());
            } else if (fact instanceof PlanShift shift) {
                words.add("shift " + shift.getIndex() + " (" + shift.getPrimary().id() + "/" + shift.getSecondary().id() + ")");
            } else {
                words.add(String.valueOf(fact));
            }
        }
        return String.join(" ", words);
    }
}
