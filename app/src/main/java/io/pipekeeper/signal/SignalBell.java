package io.pipekeeper.signal;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Rings, in this process, the moment a signal's transaction commits, so that the incidents loop handles it at once
 * instead of at its next poll. Process-wide on purpose: signals are raised from many places (runs, checks, hooks)
 * that share one JVM with the loop. Other processes sharing the store do not hear it; they still find new signals
 * by polling, which stays the safety net.
 */
public final class SignalBell {
    private static final Set<Runnable> LISTENERS = new CopyOnWriteArraySet<>();

    private SignalBell() {
    }

    /** Calls {@code listener} (quickly: it runs on the raiser's thread) after each signal commits, until the returned handle is closed. */
    public static AutoCloseable listen(Runnable listener) {
        LISTENERS.add(listener);
        return () -> LISTENERS.remove(listener);
    }

    static void ring() {
        LISTENERS.forEach(Runnable::run);
    }
}
