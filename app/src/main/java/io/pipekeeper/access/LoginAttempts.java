package io.pipekeeper.access;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Jdbi;

/**
 * At most {@value #PER_MINUTE} login attempts a minute from one address, counted in the store, so that every server
 * sharing it counts the same attempts: guessing login links is slow however many servers answer.
 */
public final class LoginAttempts {
    public static final int PER_MINUTE = 10;
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Jdbi jdbi;

    public LoginAttempts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records an attempt from {@code address}; false, and nothing recorded, when the address has had its share this minute. */
    public boolean allow(String address, Instant now) {
        OffsetDateTime since = utc(now.minus(WINDOW));
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM login_attempts WHERE at <= :since").bind("since", since).execute();
            int recent = h.createQuery("SELECT count(*) FROM login_attempts WHERE address = :a AND at > :since")
                    .bind("a", address).bind("since", since).mapTo(Integer.class).one();
            if (recent >= PER_MINUTE) {
                return false;
            }
            h.createUpdate("INSERT INTO login_attempts (address, at) VALUES (:a, :now)").bind("a", address).bind("now", utc(now)).execute();
            return true;
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
