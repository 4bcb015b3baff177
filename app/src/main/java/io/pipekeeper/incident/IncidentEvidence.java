package io.pipekeeper.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.SignalStore;
import java.util.Optional;

/** What the signal that opened an incident measured, as indented JSON: none for an incident opened by hand. */
public final class IncidentEvidence {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IncidentEvidence() {
    }

    public static Optional<String> of(SignalStore signals, Incident incident) {
        Optional<Kind> kind = incident.kind().equals("manual") ? Optional.empty() : Kind.parse(incident.kind());
        return kind.flatMap(k -> signals.of(k, incident.subject()).stream()
                .filter(s -> s.date().equals(incident.date()) && !s.createdAt().isAfter(incident.openedAt()))
                .reduce((first, second) -> second)
                .map(s -> {
                    try {
                        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(s.evidence()));
                    } catch (JsonProcessingException e) {
                        return s.evidence();
                    }
                }));
    }
}
