package io.pipekeeper.web;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * The headers every response carries, whatever answered it (a route, a 404, an error). The pages load nothing but
 * themselves: no script runs, no other site may frame them, no address (a login link holds a token) leaves in a
 * Referer, nothing is cached, and browsers do not guess content types. Text types always name their charset.
 */
final class SecurityHeaders {
    /** Pages use inline styles and inline SVG charts; there is no script, font, frame or outside resource. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final boolean https;

    /** @param baseUrl the server's public address: when it is https, browsers are told to keep to https */
    SecurityHeaders(Optional<String> baseUrl) {
        this.https = baseUrl.map(url -> url.startsWith("https://")).orElse(false);
    }

    void before(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        if (https) {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
        }
    }

    /** A text response without a charset gets UTF-8, which is what pipekeeper writes. */
    void after(Context ctx) {
        String type = ctx.res().getContentType();
        if (type != null && (type.startsWith("text/") || type.startsWith("application/xml")) && !type.toLowerCase().contains("charset")) {
            ctx.contentType(type + "; charset=utf-8");
        }
    }
}
