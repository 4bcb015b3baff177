package io.pipekeeper.owners;

import java.util.Set;

/** A person as the ownership planner sees them: an id and what they know. */
public record Candidate(String id, Set<String> skills) {
    public Candidate {
        skills = Set.copyOf(skills);
    }
}
