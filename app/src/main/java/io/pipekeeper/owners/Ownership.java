package io.pipekeeper.owners;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;
import java.util.List;

/** One pipeline's owners while the planner searches: the two planning variables and the fixed facts. */
@PlanningEntity
public class Ownership {
    @PlanningId
    private String pipeline;
    private List<String> needs;
    private String currentPrimary;
    private String currentSecondary;

    @PlanningVariable
    private Candidate primary;
    @PlanningVariable
    private Candidate secondary;

    /** For the solver, which clones entities. */
    public Ownership() {
    }

    Ownership(String pipeline, List<String> needs, String currentPrimary, String currentSecondary) {
        this.pipeline = pipeline;
        this.needs = List.copyOf(needs);
        this.currentPrimary = currentPrimary;
        this.currentSecondary = currentSecondary;
    }

    public String getPipeline() {
        return pipeline;
    }

    public List<String> getNeeds() {
        return needs;
    }

    public Candidate getPrimary() {
        return primary;
    }

    public void setPrimary(Candidate primary) {
        this.primary = primary;
    }

    public Candidate getSecondary() {
        return secondary;
    }

    public void setSecondary(Candidate secondary) {
        this.secondary = secondary;
    }

    /** Needs the primary does not have. */
    long primaryLacks() {
        return needs.stream().filter(n -> !primary.skills().contains(n)).count();
    }

    /** Needs the secondary does not have. */
    long secondaryLacks() {
        return needs.stream().filter(n -> !secondary.skills().contains(n)).count();
    }

    /** Needs that neither owner has: nobody on the pipeline knows them. */
    long pairLacks() {
        return needs.stream().filter(n -> !primary.skills().contains(n) && !secondary.skills().contains(n)).count();
    }

    /** Needs the secondary learns by working with the primary. */
    long secondaryLearns() {
        return needs.stream().filter(n -> primary.skills().contains(n) && !secondary.skills().contains(n)).count();
    }

    /** Roles that differ from today's configuration. */
    int changedRoles() {
        return (primary.id().equals(currentPrimary) ? 0 : 1) + (secondary.id().equals(currentSecondary) ? 0 : 1);
    }

    /** The load this pipeline gives a person: 2 as primary, 1 as secondary. */
    int loadOf(Candidate person) {
        return (person.equals(primary) ? 2 : 0) + (person.equals(secondary) ? 1 : 0);
    }
}
