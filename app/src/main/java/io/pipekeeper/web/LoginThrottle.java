package io.pipekeeper.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** At most {@value #ATTEMPTS} login attempts a minute from one address: guessing login links is slow. */
final class LoginThrottle {
    static final int ATTEMPTS = 10;
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Map<String, Deque<Instant>> recent = new HashMap<>();

    synchronized boolean allow(String address, Instant now) {
        Deque<Instant> attempts = recent.computeIfAbsent(address, a -> new ArrayDeque<>());
        while (!attempts.isEmpty() && !attempts.peekFirst().isAfter(now.minus(WINDOW))) {
            attempts.removeFirst();
        }
        if (attempts.size() >= ATTEMPTS) {
            return false;
        }
        attempts.addLast(now);
        if (recent.size() > 10_000) {
            recent.entrySet().removeIf(e -> e.getValue().isEmpty());
        }
        return true;
    }
}
