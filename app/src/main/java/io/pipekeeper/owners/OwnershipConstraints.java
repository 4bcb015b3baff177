package io.pipekeeper.owners;

import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.sum;

import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;

/**
 * The seed's four factors, as weights: expertise (the primary has the pipeline's needs, the secondary
 * enough of them to back up, and the pair covers them all), workload (the sum of squared loads, so that spreading always pays), development (a secondary
 * learns what the primary knows) and, last, continuity (keep today's owners where it costs nothing).
 */
public class OwnershipConstraints implements ConstraintProvider {
    static final long PRIMARY_LACKS_NEED = 10;
    static final long SECONDARY_LACKS_NEED = 4;
    static final long NOBODY_HAS_NEED = 20;
    static final long LOAD_SQUARED = 3;
    static final long SECONDARY_LEARNS = 1;
    static final long CHANGED_ROLE = 3;

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
            factory.forEach(Ownership.class)
                    .filter(o -> o.getPrimary().equals(o.getSecondary()))
                    .penalize(HardSoftLongScore.ONE_HARD)
                    .asConstraint("primary and secondary are two people"),
            factory.forEach(Ownership.class)
                    .penalizeLong(HardSoftLongScore.ONE_SOFT, o -> PRIMARY_LACKS_NEED * o.primaryLacks())
                    .asConstraint("the primary has the pipeline's needs"),
            factory.forEach(Ownership.class)
                    .penalizeLong(HardSoftLongScore.ONE_SOFT, o -> SECONDARY_LACKS_NEED * o.secondaryLacks())
                    .asConstraint("the secondary can back the primary up"),
            factory.forEach(Ownership.class)
                    .penalizeLong(HardSoftLongScore.ONE_SOFT, o -> NOBODY_HAS_NEED * o.pairLacks())
                    .asConstraint("the pair covers every need"),
            factory.forEach(Candidate.class)
                    .join(Ownership.class)
                    .filter((person, ownership) -> ownership.loadOf(person) > 0)
                    .groupBy((person, ownership) -> person, sum((person, ownership) -> ownership.loadOf(person)))
                    .penalizeLong(HardSoftLongScore.ONE_SOFT, (person, load) -> LOAD_SQUARED * load * load)
                    .asConstraint("load is spread evenly"),
            factory.forEach(Ownership.class)
                    .rewardLong(HardSoftLongScore.ONE_SOFT, o -> SECONDARY_LEARNS * o.secondaryLearns())
                    .asConstraint("the secondary learns from the primary"),
            factory.forEach(Ownership.class)
                    .penalizeLong(HardSoftLongScore.ONE_SOFT, o -> CHANGED_ROLE * o.changedRoles())
                    .asConstraint("today's owners stay where it costs nothing"),
        };
    }
}
