package io.pipekeeper.cli;

import io.pipekeeper.PipekeeperException;

/** An argument that cannot be used; the message says which, and what to write instead (exit code 2). */
public final class BadInputException extends PipekeeperException {
    public BadInputException(String message) {
        super(message);
    }
}
