package io.pipekeeper.config;

import java.util.List;

/** Who answers pages: the rotation, how holidays are covered, how pages escalate, and the exceptions. */
public record OnCall(Rotation rotation, HolidayPolicy holidays, List<EscalationStep> escalation,
                     List<TimeOff> timeOff, List<RoleOverride> overrides) {
    public OnCall {
        escalation = List.copyOf(escalation);
        timeOff = List.copyOf(timeOff);
        overrides = List.copyOf(overrides);
    }
}
