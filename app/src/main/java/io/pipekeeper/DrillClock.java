package io.pipekeeper;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The drill clock, for drills, tests and demos: with {@code PIPEKEEPER_CLOCK=FILE} in the environment, every part
 * of pipekeeper takes "now" from the ISO-8601 instant in FILE, read at each use, so that one {@code pipekeeper
 * clock advance 10m} moves the command line, the scheduler and the server together. Without the variable, "now"
 * is the system's. Never for production: a page's times would lie.
 */
public final class DrillClock {
    public static final String VARIABLE = "PIPEKEEPER_CLOCK";

    private final Path file;

    public DrillClock(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** The drill clock the environment names, its file relative to {@code base}; empty when the variable is unset. */
    public static Optional<DrillClock> from(Map<String, String> environment, Path base) {
        String named = environment.get(VARIABLE);
        return named == null || named.isBlank() ? Optional.empty() : Optional.of(new DrillClock(base.resolve(named.strip())));
    }

    /** "Now" for a process with this environment: the drill clock's when it is on, else the system's. */
    public static Supplier<Instant> of(Map<String, String> environment) {
        return from(environment, Path.of("")).<Supplier<Instant>>map(clock -> clock::now).orElse(Instant::now);
    }

    public Path file() {
        return file;
    }

    /** The drill clock is on, but its file holds no instant (missing, or not one): bad input, which the message says how to fix. */
    public static final class Unset extends PipekeeperException {
        Unset(String message) {
            super(message);
        }
    }

    /** The instant in the file. */
    public Instant now() {
        String text;
        try {
            text = Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            throw new Unset(VARIABLE + " names " + file + ", which does not exist; start the drill clock with"
                    + " 'pipekeeper clock set 2026-01-06T10:00:00-06:00', or unset " + VARIABLE + " for the real time");
        } catch (IOException e) {
            throw new PipekeeperException(VARIABLE + ": " + file + " cannot be read: " + e.getMessage());
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new Unset(VARIABLE + ": " + file + " holds '" + text + "', which is not an ISO-8601 instant with its"
                    + " offset (2026-01-06T10:00:00-06:00); set it with 'pipekeeper clock set'");
        }
    }

    /** Sets the clock, atomically: a process reading it at that moment sees the old instant or the new, never half. */
    public void set(Instant instant) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".clock-", ".tmp");
            Files.writeString(temporary, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) + "\n");
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new PipekeeperException(VARIABLE + ": cannot write " + file + ": " + e.getMessage());
        }
    }
}
