package io.pipekeeper.signal;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signal about to be raised; {@link SignalStore} writes its evidence as JSON.
 *
 * @param date the data date it is about; null for none
 */
public record PendingSignal(Kind kind, String subject, LocalDate date, String detail, Map<String, ?> evidence) {
    public PendingSignal {
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence)); // values may be null
    }
}
