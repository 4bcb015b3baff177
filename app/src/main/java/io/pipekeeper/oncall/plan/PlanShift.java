package io.pipekeeper.oncall.plan;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;
import java.time.Instant;

/** One shift of the plan while the solver searches: its facts, and who holds each role. */
@PlanningEntity
public class PlanShift {
    @PlanningId
    private int index;
    private Instant start;
    private Instant end;
    private int weekendDays;
    private String rotationPrimary;
    private String rotationSecondary;

    @PlanningVariable
    private PlanPerson primary;
    @PlanningVariable
    private PlanPerson secondary;

    /** For the solver, which clones entities. */
    public PlanShift() {
    }

    PlanShift(int index, Instant start, Instant end, int weekendDays, String rotationPrimary, String rotationSecondary) {
        this.index = index;
        this.start = start;
        this.end = end;
        this.weekendDays = weekendDays;
        this.rotationPrimary = rotationPrimary;
        this.rotationSecondary = rotationSecondary;
    }

    public int getIndex() {
        return index;
    }

    public Instant getStart() {
        return start;
    }

    public Instant getEnd() {
        return end;
    }

    /** Saturdays and Sundays whose noon falls in this shift. */
    public int getWeekendDays() {
        return weekendDays;
    }

    public PlanPerson getPrimary() {
        return primary;
    }

    public void setPrimary(PlanPerson primary) {
        this.primary = primary;
    }

    public PlanPerson getSecondary() {
        return secondary;
    }

    public void setSecondary(PlanPerson secondary) {
        this.secondary = secondary;
    }

    /** Roles given to someone other than the configured rotation's pair for this turn. */
    int departuresFromRotation() {
        return (primary.id().equals(rotationPrimary) ? 0 : 1) + (secondary.id().equals(rotationSecondary) ? 0 : 1);
    }
}
