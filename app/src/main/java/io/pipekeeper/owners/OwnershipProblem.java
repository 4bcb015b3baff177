package io.pipekeeper.owners;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import java.util.List;

/** The team and the pipelines to give owners to, as the solver holds them. */
@PlanningSolution
public class OwnershipProblem {
    @ProblemFactCollectionProperty
    @ValueRangeProvider
    private List<Candidate> people;
    @PlanningEntityCollectionProperty
    private List<Ownership> ownerships;
    @PlanningScore
    private HardSoftLongScore score;

    /** For the solver, which clones solutions. */
    public OwnershipProblem() {
    }

    OwnershipProblem(List<Candidate> people, List<Ownership> ownerships) {
        this.people = people;
        this.ownerships = ownerships;
    }

    public List<Candidate> getPeople() {
        return people;
    }

    public List<Ownership> getOwnerships() {
        return ownerships;
    }

    public HardSoftLongScore getScore() {
        return score;
    }
}
