package io.pipekeeper.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Someone on the team: how to reach them, and what they know.
 *
 * @param timezone where they are, when it differs from the team's
 */
public record Person(String id, String name, String email, Optional<String> phone, Optional<ZoneId> timezone,
                     List<String> skills) {
    public Person {
        skills = List.copyOf(skills);
    }
}
