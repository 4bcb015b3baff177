package io.pipekeeper.engine;

import io.pipekeeper.PipekeeperException;

/** A query that did not finish, with a diagnosis a person can act on, and whether trying again may help. */
public final class EngineFailure extends PipekeeperException {
    /** What kind of failure, which decides whether to retry and which signal to raise. */
    public enum Kind {
        /** May pass on its own (a file still being written, a passing I/O error): retried with backoff. */
        TRANSIENT,
        /** Will fail again the same way (bad SQL, a missing column, a corrupt file): not retried. */
        PERMANENT,
        /** The engine reached its memory limit. */
        OUT_OF_MEMORY,
        /** The run took longer than its timeout and was cancelled. */
        TIMEOUT
    }

    private final Kind kind;

    public EngineFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean resourceExhausted() {
        return kind == Kind.OUT_OF_MEMORY || kind == Kind.TIMEOUT;
    }
}
