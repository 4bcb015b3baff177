package io.pipekeeper.access;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * How people log in to the dashboard: an admin (or the person, on the server's machine) makes a one-time login
 * link on the command line; opening it shows whom it logs in, and its button (a POST) uses it, once, within
 * {@link #LINK_LIFETIME}, to start a session of {@link #SESSION_LIFETIME}. Only SHA-256 hashes of the link and session tokens are stored.
 */
public final class Sessions {
    static final Duration LINK_LIFETIME = Duration.ofMinutes(15);
    static final Duration SESSION_LIFETIME = Duration.ofHours(12);

    private final Jdbi jdbi;

    public Sessions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A logged-in person: the cookie's token (only ever in the cookie), their role and scopes, and the form token against CSRF. */
    public record Session(String token, String person, Role role, List<String> scopes, String csrf) {
        public Session {
            scopes = List.copyOf(scopes);
        }
    }

    /** A one-time login token for {@code person}. */
    public String loginLink(String person, Role role, List<String> scopes, Instant now) {
        String token = random();
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO login_links (token_hash, person, role, scopes, created_at, expires_at)
                        VALUES (:h, :p, :r, :s, :now, :expires)
                        """)
                .bind("h", ApiTokens.hash(token)).bind("p", person).bind("r", role.text()).bind("s", String.join(",", scopes))
                .bind("now", utc(now)).bind("expires", utc(now.plus(LINK_LIFETIME))).execute());
        return token;
    }

    /** Whom a login link logs in, and as what. */
    public record LinkFor(String person, Role role) {
    }

    /** Whom a login link would log in, without using it up; empty when it is unknown, used or expired. */
    public Optional<LinkFor> peek(String linkToken, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT person, role FROM login_links WHERE token_hash = :h AND used_at IS NULL AND expires_at > :now")
                .bind("h", ApiTokens.hash(linkToken)).bind("now", utc(now))
                .map((rs, ctx) -> new LinkFor(rs.getString("person"), Role.parse(rs.getString("role")).orElseThrow()))
                .findOne());
    }

    /** Uses a login link (once: the first caller wins) and starts a session; empty when it is unknown, used or expired. */
    public Optional<Session> redeem(String linkToken, Instant now) {
        return jdbi.inTransaction(h -> {
            int used = h.createUpdate("UPDATE login_links SET used_at = :now WHERE token_hash = :h AND used_at IS NULL AND expires_at > :now")
                    .bind("now", utc(now)).bind("h", ApiTokens.hash(linkToken)).execute();
            if (used != 1) {
                return Optional.empty();
            }
            var link = h.createQuery("SELECT person, role, scopes FROM login_links WHERE token_hash = :h").bind("h", ApiTokens.hash(linkToken))
                    .mapToMap().one();
            Session session = new Session(random(), (String) link.get("person"), Role.parse((String) link.get("role")).orElseThrow(),
                    scopes((String) link.get("scopes")), random());
            h.createUpdate("""
                            INSERT INTO sessions (token_hash, person, role, scopes, csrf, created_at, expires_at)
                            VALUES (:h, :p, :r, :s, :csrf, :now, :expires)
                            """)
                    .bind("h", ApiTokens.hash(session.token())).bind("p", session.person()).bind("r", session.role().text())
                    .bind("s", String.join(",", session.scopes())).bind("csrf", session.csrf()).bind("now", utc(now))
                    .bind("expires", utc(now.plus(SESSION_LIFETIME))).execute();
            return Optional.of(session);
        });
    }

    /** The session a cookie's token names, while it lasts. */
    public Optional<Session> find(String token, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM sessions WHERE token_hash = :h AND expires_at > :now")
                .bind("h", ApiTokens.hash(token)).bind("now", utc(now))
                .map((rs, ctx) -> new Session(token, rs.getString("person"), Role.parse(rs.getString("role")).orElseThrow(),
                        scopes(rs.getString("scopes")), rs.getString("csrf")))
                .findOne());
    }

    public void end(String token) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE token_hash = :h").bind("h", ApiTokens.hash(token)).execute());
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static List<String> scopes(String joined) {
        return joined.isBlank() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
