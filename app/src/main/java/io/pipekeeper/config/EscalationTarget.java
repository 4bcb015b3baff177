package io.pipekeeper.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whom an escalation step pages: a role resolved when the step fires, one person, or the team's chat channels.
 * Written {@code primary}, {@code secondary}, {@code owners} (both owners), {@code owners.primary},
 * {@code owners.secondary}, {@code person:ID} or {@code team}; {@code oncall.primary}, {@code oncall.secondary}
 * and a bare person's id are read too, as earlier files wrote them.
 */
public record EscalationTarget(Kind kind, Optional<String> person) {
    /** The words a step's notify may hold besides a person: shown in errors. */
    public static final List<String> WORDS = List.of("primary", "secondary", "owners", "owners.primary", "owners.secondary", "person:ID", "team");

    public enum Kind {
        /** Whoever is primary on call when the step fires (the pipeline's primary owner before the rotation starts). */
        PRIMARY,
        /** Whoever is secondary on call when the step fires (the secondary owner before the rotation starts). */
        SECONDARY,
        OWNER_PRIMARY,
        OWNER_SECONDARY,
        PERSON,
        /** The team's chat channels (Slack, Teams, the webhook) named in the step's via. */
        TEAM
    }

    public static EscalationTarget of(Kind kind) {
        return new EscalationTarget(kind, Optional.empty());
    }

    public static EscalationTarget person(String id) {
        return new EscalationTarget(Kind.PERSON, Optional.of(id));
    }

    /** The targets a word names (owners names two); empty when it names nothing, or a person not in {@code people}. */
    static List<EscalationTarget> parse(String word, Set<String> people) {
        return switch (word) {
            case "primary", "oncall.primary" -> List.of(of(Kind.PRIMARY));
            case "secondary", "oncall.secondary" -> List.of(of(Kind.SECONDARY));
            case "owners" -> List.of(of(Kind.OWNER_PRIMARY), of(Kind.OWNER_SECONDARY));
            case "owners.primary" -> List.of(of(Kind.OWNER_PRIMARY));
            case "owners.secondary" -> List.of(of(Kind.OWNER_SECONDARY));
            case "team" -> List.of(of(Kind.TEAM));
            default -> {
                String id = word.startsWith("person:") ? word.substring("person:".length()) : word;
                yield people.contains(id) ? List.of(person(id)) : List.of();
            }
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PRIMARY -> "primary";
            case SECONDARY -> "secondary";
            case OWNER_PRIMARY -> "owners.primary";
            case OWNER_SECONDARY -> "owners.secondary";
            case PERSON -> "person:" + person.orElseThrow();
            case TEAM -> "team";
        };
    }
}
