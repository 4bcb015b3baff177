package io.pipekeeper.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Someone on the team: how to reach them, and what they know.
 *
 * @param slackId  their Slack member id: Slack buttons they click act as them, and a Slack app pages them by direct message
 * @param timezone where they are, when it differs from the team's
 * @param holidays the public holidays they keep, when they differ from the team's (someone who works from Munich in a
 *                 New York team keeps DE-BY's)
 */
public record Person(String id, String name, String email, Optional<String> phone, Optional<String> slackId, Optional<ZoneId> timezone,
                     Optional<HolidayRegion> holidays, List<String> skills) {
    public Person {
        skills = List.copyOf(skills);
    }
}
