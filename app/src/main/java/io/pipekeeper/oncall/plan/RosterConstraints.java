package io.pipekeeper.oncall.plan;

import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.count;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.sum;
import static ai.timefold.solver.core.api.score.stream.Joiners.equal;

import ai.timefold.solver.core.api.score.buildin.bendablelong.BendableLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;

/**
 * The fair planner's rules. Hard: two different people per shift; nobody holds a shift during their time
 * off; nobody is primary twice in a row. Soft, each level infinitely more important than the next: balance
 * primary shifts, then primary holidays (each person's own: a German holiday counts for whoever keeps it), then primary weekend days, then secondary shifts (each counted on
 * top of the ledger, as a sum of squares, so that moving duty from the busiest to the idlest always pays);
 * last, keep the configured pair order where it costs nothing.
 */
public class RosterConstraints implements ConstraintProvider {
    static final int PRIMARY_SHIFTS = 0;
    static final int PRIMARY_HOLIDAYS = 1;
    static final int PRIMARY_WEEKEND_DAYS = 2;
    static final int SECONDARY_SHIFTS = 3;
    static final int ROTATION_ORDER = 4;

    private static BendableLongScore hard() {
        return BendableLongScore.ofHard(1, 5, 0, 1);
    }

    private static BendableLongScore soft(int level) {
        return BendableLongScore.ofSoft(1, 5, level, 1);
    }

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
            factory.forEach(PlanShift.class)
                    .filter(s -> s.getPrimary().equals(s.getSecondary()))
                    .penalizeLong(hard())
                    .asConstraint("primary and secondary are two people"),
            factory.forEach(PlanShift.class)
                    .filter(s -> !s.getPrimary().canHold(s))
                    .penalizeLong(hard())
                    .asConstraint("the primary is not on time off during the shift"),
            factory.forEach(PlanShift.class)
                    .filter(s -> !s.getSecondary().canHold(s))
                    .penalizeLong(hard())
                    .asConstraint("the secondary is not on time off during the shift"),
            factory.forEach(PlanShift.class)
                    .join(PlanShift.class, equal(s -> s.getIndex() + 1, PlanShift::getIndex), equal(PlanShift::getPrimary))
                    .penalizeLong(hard())
                    .asConstraint("nobody is primary in two consecutive shifts"),
            factory.forEach(PlanShift.class)
                    .groupBy(PlanShift::getPrimary, count())
                    .penalizeLong(soft(PRIMARY_SHIFTS), (person, shifts) -> squared(person.ledger().primaryShifts() + shifts))
                    .asConstraint("primary shifts are balanced"),
            factory.forEach(PlanShift.class)
                    .filter(s -> s.getPrimary().holidaysIn(s) > 0)
                    .groupBy(PlanShift::getPrimary, sum(s -> s.getPrimary().holidaysIn(s)))
                    .penalizeLong(soft(PRIMARY_HOLIDAYS), (person, days) -> squared(person.ledger().primaryHolidays() + days))
                    .asConstraint("primary holidays are balanced"),
            factory.forEach(PlanShift.class)
                    .filter(s -> s.getWeekendDays() > 0)
                    .groupBy(PlanShift::getPrimary, sum(PlanShift::getWeekendDays))
                    .penalizeLong(soft(PRIMARY_WEEKEND_DAYS), (person, days) -> squared(person.ledger().primaryWeekendDays() + days))
                    .asConstraint("primary weekend days are balanced"),
            factory.forEach(PlanShift.class)
                    .groupBy(PlanShift::getSecondary, count())
                    .penalizeLong(soft(SECONDARY_SHIFTS), (person, shifts) -> squared(person.ledger().secondaryShifts() + shifts))
                    .asConstraint("secondary shifts are balanced"),
            factory.forEach(PlanShift.class)
                    .filter(s -> s.departuresFromRotation() > 0)
                    .penalizeLong(soft(ROTATION_ORDER), PlanShift::departuresFromRotation)
                    .asConstraint("the configured pair order is kept where it costs nothing"),
        };
    }

    private static long squared(long value) {
        return value * value;
    }
}
