package io.pipekeeper.config;

import java.time.LocalDateTime;
import java.util.List;

/** Who answers pages: the rotation, how holidays are covered, how pages escalate, and the exceptions. */
public record OnCall(Rotation rotation, HolidayPolicy holidays, List<EscalationStep> escalation,
                     List<TimeOff> timeOff, List<RoleOverride> overrides, List<PlannedShift> plan) {
    public OnCall {
        escalation = List.copyOf(escalation);
        timeOff = List.copyOf(timeOff);
        overrides = List.copyOf(overrides);
        plan = List.copyOf(plan);
    }

    /** A shift of a saved plan, in local date-times of the team's zone; it replaces the rotation where it lies. */
    public record PlannedShift(LocalDateTime start, LocalDateTime end, String primary, String secondary) {
    }
}
