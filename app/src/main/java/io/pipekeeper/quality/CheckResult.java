package io.pipekeeper.quality;

import io.pipekeeper.config.Check;
import io.pipekeeper.signal.Kind;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one check on one table and date, with the evidence a person needs at 3 a.m.: what was seen,
 * what was expected, how many rows fail, up to five of them, and the query that finds them again.
 *
 * @param subject the source or pipeline checked
 * @param signal  the signal it raises when it did not pass: check_failed, schema_breaking, schema_drift…; empty
 *                for none (an unreadable partition, which the run itself retries and reports)
 */
public record CheckResult(String subject, String check, Check.Type type, LocalDate date, Status status,
                          Optional<String> severity, Check.OnFail onFail, String observed, String expected, long failingRows,
                          List<Map<String, Object>> sample, String query, Optional<Kind> signal) {
    public CheckResult {
        sample = List.copyOf(sample);
    }

    /** How a check ended. */
    public enum Status {
        PASSED, FAILED, WARNED, ERROR;

        public String text() {
            return name().toLowerCase();
        }
    }

    /** Whether a consumer must wait, or an output stay unpublished, because of this result. */
    public boolean blocks() {
        return (status == Status.FAILED || status == Status.ERROR) && onFail == Check.OnFail.BLOCK;
    }

    public boolean passed() {
        return status == Status.PASSED;
    }
}
