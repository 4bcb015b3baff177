package io.pipekeeper.oncall.plan;

import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import java.util.Map;
import java.util.Set;

/**
 * A person as the fair planner sees them: what they already carry from the ledger (since {@code --since}),
 * the shifts they cannot hold because they are on time off at some moment of it, and the holidays they keep
 * (their own calendar's, or the team's) whose noon falls in each shift, by shift index where there are any.
 */
public record PlanPerson(@PlanningId String id, Ledger ledger, Set<Integer> unavailableShifts, Map<Integer, Integer> holidaysByShift) {
    public PlanPerson {
        unavailableShifts = Set.copyOf(unavailableShifts);
        holidaysByShift = Map.copyOf(holidaysByShift);
    }

    /** Duty already done before the planned period. */
    public record Ledger(int primaryShifts, int primaryHolidays, int primaryWeekendDays, int secondaryShifts) {
        public static final Ledger EMPTY = new Ledger(0, 0, 0, 0);
    }

    public boolean canHold(PlanShift shift) {
        return !unavailableShifts.contains(shift.getIndex());
    }

    /** The holidays this person keeps whose noon falls in {@code shift}. */
    public int holidaysIn(PlanShift shift) {
        return holidaysByShift.getOrDefault(shift.getIndex(), 0);
    }
}
