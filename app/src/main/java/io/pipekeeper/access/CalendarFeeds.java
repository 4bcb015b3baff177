package io.pipekeeper.access;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The secret addresses of people's calendar feeds: calendar apps cannot log in, so the address is the credential.
 * Only its hash is stored; revoking a person's feeds makes every address made for them stop working.
 */
public final class CalendarFeeds {
    private final Jdbi jdbi;

    public CalendarFeeds(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A new feed token for {@code person}. */
    public String create(String person, Instant now) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO calendar_feeds (token_hash, person, created_at) VALUES (:h, :p, :now)")
                .bind("h", ApiTokens.hash(token)).bind("p", person).bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).execute());
        return token;
    }

    /** Whose feed a token opens, unless revoked. */
    public Optional<String> person(String token) {
        return jdbi.withHandle(h -> h.createQuery("SELECT person FROM calendar_feeds WHERE token_hash = :h AND revoked_at IS NULL")
                .bind("h", ApiTokens.hash(token)).mapTo(String.class).findOne());
    }

    /** Revokes every live feed of {@code person}; returns how many. */
    public int revoke(String person, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE calendar_feeds SET revoked_at = :now WHERE person = :p AND revoked_at IS NULL")
                .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).bind("p", person).execute());
    }
}
