package io.pipekeeper.oncall.plan;

import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import java.util.Set;

/**
 * A person as the fair planner sees them: what they already carry from the ledger (since {@code --since}),
 * and the shifts they cannot hold because they are on time off at some moment of it.
 */
public record PlanPerson(@PlanningId String id, Ledger ledger, Set<Integer> unavailableShifts) {
    public PlanPerson {
        unavailableShifts = Set.copyOf(unavailableShifts);
    }

    /** Duty already done before the planned period. */
    public record Ledger(int primaryShifts, int primaryHolidays, int primaryWeekendDays, int secondaryShifts) {
        public static final Ledger EMPTY = new Ledger(0, 0, 0, 0);
    }

    public boolean canHold(PlanShift shift) {
        return !unavailableShifts.contains(shift.getIndex());
    }
}
