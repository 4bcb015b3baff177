package io.pipekeeper.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** One pipeline on one date: how it ended, how often it was tried, and what it used. */
public record Run(long id, String pipeline, LocalDate date, Status status, int attempts, Instant startedAt,
                  Optional<Instant> finishedAt, long wallMillis, long cpuMillis, long peakMemoryBytes, long rowsIn,
                  long rowsOut, long bytesWritten, Optional<String> output, Optional<String> error, String engine) {

    /** How a run ended (or that it is still going). */
    public enum Status {
        RUNNING, SUCCEEDED, FAILED, BLOCKED, SKIPPED;

        public String text() {
            return name().toLowerCase();
        }

        public static Status parse(String text) {
            return valueOf(text.toUpperCase());
        }
    }
}
