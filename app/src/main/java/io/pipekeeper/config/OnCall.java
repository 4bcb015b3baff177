package io.pipekeeper.config;

import java.time.LocalDateTime;
import java.util.List;

/** Who answers pages: the rotation, how holidays are covered, how pages escalate (the team's policy; a pipeline may have its own), and the exceptions. */
public record OnCall(Rotation rotation, HolidayPolicy holidays, EscalationPolicy escalation,
                     List<TimeOff> timeOff, List<RoleOverride> overrides, List<PlannedShift> plan) {
    public OnCall {
        timeOff = List.copyOf(timeOff);
        overrides = List.copyOf(overrides);
        plan = List.copyOf(plan);
    }

    /** A shift of a saved plan, in local date-times of the team's zone; it replaces the rotation where it lies. */
    public record PlannedShift(LocalDateTime start, LocalDateTime end, String primary, String secondary) {
    }
}
