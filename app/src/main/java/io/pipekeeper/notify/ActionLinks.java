package io.pipekeeper.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The acknowledge and resolve links in a page: {@code <base_url>/act/<token>}, where the token names one action on
 * one incident for one person until one instant, signed with HMAC-SHA256 under a key kept in the store. A link
 * does that one thing only, only until it expires, and any change to it breaks the signature. The server checks
 * a token with {@link #verify}.
 */
public final class ActionLinks {
    private static final String KEY_NAME = "action-links";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final Optional<String> baseUrl;
    private final byte[] key;

    public ActionLinks(Optional<String> baseUrl, byte[] key) {
        this.baseUrl = baseUrl.map(url -> url.replaceAll("/+$", ""));
        this.key = key.clone();
    }

    /** What a link lets its holder do. */
    public record Action(String verb, long incidentId, String person, Instant expires) {
    }

    /** The links for pages sent now: the store's key, made (32 random bytes) the first time it is needed; none without a base_url. */
    public static ActionLinks load(Handle handle, Optional<String> baseUrl) {
        return baseUrl.isEmpty() ? new ActionLinks(baseUrl, new byte[0]) : new ActionLinks(baseUrl, key(handle));
    }

    /** What the server checks links with: the store's key, whatever the base_url. */
    public static ActionLinks verifier(Handle handle) {
        return new ActionLinks(Optional.empty(), key(handle));
    }

    /**
     * Makes the store's key unless it is there, in a transaction of its own: two processes that make it at once
     * leave one key and no error (the loser's insert fails alone and it reads the winner's).
     */
    public static void makeKey(org.jdbi.v3.core.Jdbi jdbi) {
        try {
            jdbi.useTransaction(ActionLinks::key);
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException clash) {
            jdbi.useHandle(handle -> handle.createQuery("SELECT key_hex FROM signing_keys WHERE name = :n").bind("n", KEY_NAME)
                    .mapTo(String.class).one()); // the other process's key is there; anything else fails here, loudly
        }
    }

    private static byte[] key(Handle handle) {
        Optional<String> hex = handle.createQuery("SELECT key_hex FROM signing_keys WHERE name = :n").bind("n", KEY_NAME)
                .mapTo(String.class).findOne();
        if (hex.isPresent()) {
            return HexFormat.of().parseHex(hex.get());
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        handle.createUpdate("INSERT INTO signing_keys (name, key_hex, created_at) VALUES (:n, :k, :now)").bind("n", KEY_NAME)
                .bind("k", HexFormat.of().formatHex(fresh)).bind("now", OffsetDateTime.now(ZoneOffset.UTC)).execute();
        return fresh;
    }

    /** The link that does {@code verb} ({@code ack}, {@code resolve}, {@code useful}, {@code noise}) to the incident as {@code person}, until {@code expires}; empty without a base_url. */
    public Optional<String> link(String verb, long incidentId, String person, Instant expires) {
        return baseUrl.map(base -> base + "/act/" + token(new Action(verb, incidentId, person, expires)));
    }

    String token(Action action) {
        String payload = BASE64.encodeToString((action.verb() + "|" + action.incidentId() + "|" + action.person() + "|"
                + action.expires().getEpochSecond()).getBytes(StandardCharsets.UTF_8));
        return payload + "." + BASE64.encodeToString(mac(payload));
    }

    /** The action a token grants at {@code now}; empty when it is malformed, forged, altered or expired. */
    public Optional<Action> verify(String token, Instant now) {
        int dot = token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        byte[] signature;
        String[] parts;
        try {
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            parts = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split("\\|", -1);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(signature, mac(payload)) || parts.length != 4 || !parts[1].matches("[0-9]{1,18}")
                || !parts[3].matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        Action action = new Action(parts[0], Long.parseLong(parts[1]), parts[2], Instant.ofEpochSecond(Long.parseLong(parts[3])));
        return now.isBefore(action.expires()) ? Optional.of(action) : Optional.empty();
    }

    private byte[] mac(String payload) {
        return Hmac.sha256(key, payload);
    }
}
