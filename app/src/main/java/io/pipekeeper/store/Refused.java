package io.pipekeeper.store;

import io.pipekeeper.PipekeeperException;

/** A store operation refused because of what it was pointed at (a target with rows, a store that exists): bad input, exit 2. */
public final class Refused extends PipekeeperException {
    Refused(String message) {
        super(message);
    }
}
