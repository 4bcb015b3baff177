package io.pipekeeper.config;

import java.time.LocalDateTime;
import java.util.List;

/** Who answers pages: the rotation, how holidays are covered, how pages escalate (the team's policy; a pipeline may have its own), and the exceptions. */
public record OnCall(Rotation rotation, HolidayPolicy holidays, EscalationPolicy escalation,
                     List<TimeOff> timeOff, List<RoleOverride> overrides, List<PlannedShift> plan, java.util.Optional<java.time.Duration> shiftReminder,
                     List<RoleOverride> responders) {
    /** How long before a shift its people are reminded by email, unless the configuration says otherwise. */
    public static final java.time.Duration DEFAULT_REMINDER = java.time.Duration.ofHours(24);

    public OnCall(Rotation rotation, HolidayPolicy holidays, EscalationPolicy escalation, List<TimeOff> timeOff, List<RoleOverride> overrides,
                  List<PlannedShift> plan) {
        this(rotation, holidays, escalation, timeOff, overrides, plan, java.util.Optional.of(DEFAULT_REMINDER), List.of());
    }

    /** The people added beside the holder of {@code role} at {@code local} (team's zone): paged with them, not instead. */
    public List<RoleOverride> respondersAt(RoleOverride.Role role, java.time.LocalDateTime local) {
        return responders.stream().filter(r -> r.role() == role && !local.isBefore(r.from()) && local.isBefore(r.to())).toList();
    }

    public OnCall {
        timeOff = List.copyOf(timeOff);
        overrides = List.copyOf(overrides);
        plan = List.copyOf(plan);
        responders = List.copyOf(responders);
    }

    /** A shift of a saved plan, in local date-times of the team's zone; it replaces the rotation where it lies. */
    public record PlannedShift(LocalDateTime start, LocalDateTime end, String primary, String secondary) {
    }
}
