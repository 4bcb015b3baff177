package io.pipekeeper.signal;

import java.util.Arrays;
import java.util.Optional;

/** What a signal says happened; its {@link #text()} is what the store, the config's severity rules and the API use. */
public enum Kind {
    RUN_FAILED, RUN_BLOCKED, DEADLINE_MISSED, RESOURCE_EXHAUSTED, CAPACITY_RISK,
    CHECK_FAILED, SCHEMA_BREAKING, SCHEMA_DRIFT, ANOMALY, PII_LEAK, CONTRACT_CONFLICT,
    SECURITY, RUNBOOK_STALE, ALERT;

    public String text() {
        return name().toLowerCase();
    }

    /** Whether a run raised it about its own pipeline and date: a later successful run of that pipeline and date clears it. */
    public boolean aboutARun() {
        return this == RUN_FAILED || this == RUN_BLOCKED || this == DEADLINE_MISSED || this == RESOURCE_EXHAUSTED;
    }

    /**
     * Whether it is about a pipeline's run or a table's data on a data date, so that lineage can tie it to a cause
     * upstream: not security, capacity, runbook reviews or outside alerts, which stand alone.
     */
    public boolean correlates() {
        return aboutARun() || this == CHECK_FAILED || this == SCHEMA_BREAKING || this == SCHEMA_DRIFT || this == ANOMALY
                || this == CONTRACT_CONFLICT;
    }

    public static Optional<Kind> parse(String text) {
        return Arrays.stream(values()).filter(kind -> kind.text().equals(text)).findFirst();
    }

    /** The kind of a stored signal; the store only ever holds kinds this enum names. */
    static Kind stored(String text) {
        return parse(text).orElseThrow(() -> new IllegalStateException("the signals table holds an unknown kind: " + text));
    }
}
