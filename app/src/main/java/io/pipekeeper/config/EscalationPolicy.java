package io.pipekeeper.config;

import java.time.Duration;
import java.util.List;

/**
 * How an incident pages until someone answers: steps, each at a time after the incident opened, and how many
 * more rounds of them follow while nobody acknowledges. A round lasts until its last step plus the gap before
 * that step (0 / 50 % / 100 % of a 20-minute SLA repeats at 30, 40 and 50 minutes), or the respond SLA after a
 * single step; a round that would last no time lasts the respond SLA.
 *
 * <p>With {@code breachNotices}, a missed respond or resolve deadline is also mailed to the on-call pair and the owners
 * (the default); without, only the steps page.
 *
 * <p>The steps of every round are numbered on from the first: with three steps and {@code repeat: 1}, firing 4
 * is the first step of the second round. Timers, pages and the timeline use that number.
 */
public record EscalationPolicy(List<EscalationStep> steps, int repeat, boolean breachNotices) {
    /** A policy whose missed deadlines are mailed too (the default). */
    public EscalationPolicy(List<EscalationStep> steps, int repeat) {
        this(steps, repeat, true);
    }

    public EscalationPolicy {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a policy has at least one step");
        }
        steps = List.copyOf(steps);
    }

    /** How many times a step fires, over every round, while nobody answers. */
    public int firings() {
        return steps.size() * (repeat + 1);
    }

    /** The step that firing {@code firing} (counted from 0) pages by. */
    public EscalationStep step(int firing) {
        return steps.get(firing % steps.size());
    }

    /** The round (counted from 0) that firing {@code firing} belongs to. */
    public int round(int firing) {
        return firing / steps.size();
    }

    /** When firing {@code firing} happens after the incident opens, for an incident with this SLA. */
    public Duration delay(int firing, Sla sla) {
        return roundLength(sla).multipliedBy(round(firing)).plus(step(firing).after().of(sla));
    }

    Duration roundLength(Sla sla) {
        Duration last = steps.get(steps.size() - 1).after().of(sla);
        Duration gap = steps.size() == 1 ? sla.respond() : last.minus(steps.get(steps.size() - 2).after().of(sla));
        Duration length = last.plus(gap);
        return length.isZero() || length.isNegative() ? sla.respond() : length;
    }

    /** How a firing is named on the timeline: "step 2 (after 50%)", and "step 2 of round 3" when the policy repeats. */
    public String describe(int firing) {
        int step = firing % steps.size() + 1;
        return "step " + step + (repeat > 0 ? " of round " + (round(firing) + 1) : "") + " (after " + step(firing).after() + ")";
    }
}
