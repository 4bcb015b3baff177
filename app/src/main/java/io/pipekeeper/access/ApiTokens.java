package io.pipekeeper.access;

import io.pipekeeper.PipekeeperException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * API tokens: made at random, shown once, kept only as a SHA-256 hash. A request's bearer token is hashed and
 * looked up; a revoked token is refused like an unknown one.
 */
public final class ApiTokens {
    /** Tokens start with this, so that a leaked one is recognisable (secret scanners, logs). */
    static final String PREFIX = "pk_";

    private final Jdbi jdbi;

    public ApiTokens(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Who a token belongs to, and what it may do. */
    public record Caller(String name, Role role, List<String> scopes) {
        public Caller {
            scopes = List.copyOf(scopes);
        }

        public boolean hasScope(String scope) {
            return scopes.contains(scope);
        }
    }

    /** A token as listed: never the token itself. */
    public record Listed(String name, Role role, List<String> scopes, Instant createdAt, Optional<Instant> revokedAt) {
    }

    /** A name already used by another token. */
    public static final class NameTaken extends PipekeeperException {
        NameTaken(String name) {
            super("a token named '" + name + "' exists already; revoke it first or choose another name");
        }
    }

    /** Makes a token and stores its hash; returns the token, the only time it is seen. */
    public String create(String name, Role role, List<String> scopes, Instant now) {
        if (jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM api_tokens WHERE name = :n").bind("n", name).mapTo(Integer.class).one()) > 0) {
            throw new NameTaken(name);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO api_tokens (name, role, scopes, token_hash, created_at) VALUES (:n, :r, :s, :h, :at)
                        """)
                .bind("n", name).bind("r", role.text()).bind("s", String.join(",", scopes)).bind("h", hash(token))
                .bind("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).execute());
        return token;
    }

    /** The caller a bearer token stands for; empty when it is unknown or revoked. */
    public Optional<Caller> authenticate(String token) {
        if (!token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT name, role, scopes FROM api_tokens WHERE token_hash = :h AND revoked_at IS NULL")
                .bind("h", hash(token))
                .map((rs, ctx) -> new Caller(rs.getString("name"), Role.parse(rs.getString("role")).orElseThrow(), scopes(rs.getString("scopes"))))
                .findOne());
    }

    public List<Listed> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_tokens ORDER BY name")
                .map((rs, ctx) -> new Listed(rs.getString("name"), Role.parse(rs.getString("role")).orElseThrow(), scopes(rs.getString("scopes")),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject("revoked_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant)))
                .list());
    }

    /** Revokes a token by name; false when no live token has that name. */
    public boolean revoke(String name, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE api_tokens SET revoked_at = :at WHERE name = :n AND revoked_at IS NULL")
                .bind("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).bind("n", name).execute()) == 1;
    }

    private static List<String> scopes(String joined) {
        return joined.isBlank() ? List.of() : Arrays.asList(joined.split(","));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
