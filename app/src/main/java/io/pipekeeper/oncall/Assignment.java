package io.pipekeeper.oncall;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who is on call at one instant, and why.
 *
 * @param shift     the rotation's or plan's turn in force (empty before the rotation starts)
 * @param primary   empty when nobody can hold the role
 * @param source    the last rule that changed the answer: rotation, plan, time_off or override
 * @param reasons   sentences that explain every change from the rotation
 */
public record Assignment(Instant at, Optional<Shift> shift, Optional<String> primary, Optional<String> secondary,
                         Source source, List<String> reasons) {
    public Assignment {
        reasons = List.copyOf(reasons);
    }

    public Optional<String> holder(Role role) {
        return role == Role.PRIMARY ? primary : secondary;
    }
}
