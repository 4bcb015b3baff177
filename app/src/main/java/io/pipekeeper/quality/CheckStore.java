package io.pipekeeper.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipekeeper.signal.Kind;
import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.SignalStore;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Check results, and the signals of those that did not pass, written together. */
public final class CheckStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;

    public CheckStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** One check's verdict on one data date: the last result stored for that day. */
    public record Outcome(String subject, String check, LocalDate date, boolean passed) {
    }

    /** Every check's verdict on each data date from {@code from} to {@code to}, inclusive. */
    public List<Outcome> outcomes(LocalDate from, LocalDate to) {
        java.util.Map<String, Outcome> last = new java.util.LinkedHashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT subject, check_name, run_date, status FROM check_results WHERE run_date >= :from AND run_date <= :to ORDER BY id
                        """)
                .bind("from", from).bind("to", to)
                .map((rs, ctx) -> new Outcome(rs.getString("subject"), rs.getString("check_name"), rs.getObject("run_date", LocalDate.class),
                        rs.getString("status").equals("passed")))
                .forEach(outcome -> last.put(outcome.subject() + "\u0000" + outcome.check() + "\u0000" + outcome.date(), outcome)));
        return List.copyOf(last.values());
    }

    public void save(List<CheckResult> results, Instant now) {
        jdbi.useTransaction(handle -> {
            for (CheckResult result : results) {
                handle.createUpdate("""
                                INSERT INTO check_results (subject, check_name, check_type, run_date, status, severity, on_fail, observed,
                                                           expected, failing_rows, sample, query, created_at)
                                VALUES (:subject, :check, :type, :date, :status, :severity, :onFail, :observed, :expected, :failing,
                                        :sample, :query, :now)
                                """)
                        .bind("subject", result.subject())
                        .bind("check", result.check())
                        .bind("type", result.type().text())
                        .bind("date", result.date())
                        .bind("status", result.status().text())
                        .bind("severity", result.severity().orElse(null))
                        .bind("onFail", result.onFail().text())
                        .bind("observed", cut(result.observed(), 1000))
                        .bind("expected", cut(result.expected(), 1000))
                        .bind("failing", result.failingRows())
                        .bind("sample", cut(json(result.sample()), 8000))
                        .bind("query", cut(result.query(), 8000))
                        .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                        .execute();
                if (!result.passed()) {
                    result.signal().ifPresent(kind -> SignalStore.raise(handle, signal(result, kind), Optional.empty(), now));
                }
            }
        });
    }

    private static PendingSignal signal(CheckResult result, Kind kind) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("check", result.check());
        evidence.put("status", result.status().text());
        evidence.put("observed", result.observed());
        evidence.put("expected", result.expected());
        evidence.put("failing_rows", result.failingRows());
        evidence.put("sample", result.sample());
        evidence.put("query", result.query());
        evidence.put("severity", result.severity().orElse(null));
        evidence.put("on_fail", result.onFail().text());
        return new PendingSignal(kind, result.subject(), result.date(), result.subject() + ": " + result.check() + " " + result.status().text()
                + " for " + result.date() + ": " + result.observed() + "; expected " + result.expected(), evidence);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
