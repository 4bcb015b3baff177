package io.pipekeeper.access;

import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.Kind;

import io.pipekeeper.signal.SignalStore;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The audit log: every change, every read of metric values and every denied request, with who, what, when and
 * from which address. Repeated denials from one address raise a {@code security} signal, which becomes an
 * incident like any other.
 */
public final class AuditLog {
    /** This many denials from one address within {@link #DENIAL_WINDOW} raise a security signal (once per window). */
    static final int DENIALS_FOR_SIGNAL = 10;
    static final Duration DENIAL_WINDOW = Duration.ofMinutes(5);

    private final Jdbi jdbi;

    public AuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** One line of the log. */
    public record Entry(Instant at, String actor, String action, String target, String address, String outcome, Optional<String> detail) {
    }

    public void record(Entry entry) {
        jdbi.useHandle(h -> record(h, entry));
    }

    /** Records {@code entry} inside the caller's transaction, so that it stands or falls with what it tells of. */
    public static void record(Handle h, Entry entry) {
        h.createUpdate("""
                        INSERT INTO audit_log (at, actor, action, target, address, outcome, detail)
                        VALUES (:at, :actor, :action, :target, :address, :outcome, :detail)
                        """)
                .bind("at", utc(entry.at())).bind("actor", cut(entry.actor(), 100)).bind("action", cut(entry.action(), 100))
                .bind("target", cut(entry.target(), 400)).bind("address", cut(entry.address(), 100)).bind("outcome", entry.outcome())
                .bind("detail", entry.detail().map(d -> cut(d, 1000)).orElse(null)).execute();
    }

    /**
     * Records a denied request and, when it is the {@value #DENIALS_FOR_SIGNAL}th from its address within the
     * window, raises a {@code security} signal about it; returns whether it did.
     */
    public boolean denied(Entry entry, SignalStore signals) {
        record(entry);
        int recent = jdbi.withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND address = :a AND at > :since")
                .bind("a", entry.address()).bind("since", utc(entry.at().minus(DENIAL_WINDOW))).mapTo(Integer.class).one());
        if (recent != DENIALS_FOR_SIGNAL) {
            return false;
        }
        signals.raise(new PendingSignal(Kind.SECURITY, "server", null, recent + " requests denied from " + entry.address()
                + " within " + DENIAL_WINDOW.toMinutes() + " minutes (last: " + entry.action() + " " + entry.target() + " as " + entry.actor() + ")",
                java.util.Map.of("address", entry.address(), "denials", recent)), entry.at());
        return true;
    }

    /** The log between two instants, oldest first. */
    public List<Entry> between(Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM audit_log WHERE at >= :from AND at < :to ORDER BY id")
                .bind("from", utc(from)).bind("to", utc(to))
                .map((rs, ctx) -> new Entry(rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("actor"), rs.getString("action"),
                        rs.getString("target"), rs.getString("address"), rs.getString("outcome"), Optional.ofNullable(rs.getString("detail"))))
                .list());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
