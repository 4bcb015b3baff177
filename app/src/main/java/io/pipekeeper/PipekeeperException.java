package io.pipekeeper;

/** The root of pipekeeper's own exceptions: an operational error whose message is meant for a person. */
public class PipekeeperException extends RuntimeException {
    public PipekeeperException(String message) {
        super(message);
    }

    public PipekeeperException(String message, Throwable cause) {
        super(message, cause);
    }
}
