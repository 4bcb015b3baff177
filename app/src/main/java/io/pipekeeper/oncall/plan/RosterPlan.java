package io.pipekeeper.oncall.plan;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.buildin.bendablelong.BendableLongScore;
import java.util.List;

/** The people and the shifts to fill, as the solver holds them. */
@PlanningSolution
public class RosterPlan {
    @ProblemFactCollectionProperty
    @ValueRangeProvider
    private List<PlanPerson> people;
    @PlanningEntityCollectionProperty
    private List<PlanShift> shifts;
    @PlanningScore(bendableHardLevelsSize = 1, bendableSoftLevelsSize = 5)
    private BendableLongScore score;

    /** For the solver, which clones solutions. */
    public RosterPlan() {
    }

    RosterPlan(List<PlanPerson> people, List<PlanShift> shifts) {
        this.people = people;
        this.shifts = shifts;
    }

    public List<PlanPerson> getPeople() {
        return people;
    }

    public List<PlanShift> getShifts() {
        return shifts;
    }

    public BendableLongScore getScore() {
        return score;
    }
}
