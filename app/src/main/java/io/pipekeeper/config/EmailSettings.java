package io.pipekeeper.config;

import java.util.Optional;

/**
 * The SMTP server pages go through. {@code user} and {@code password} are kept as written: a
 * {@code ${env:NAME}} in them is read from the environment only when mail is sent, so secrets never sit in the
 * catalog, a log or an error.
 */
public record EmailSettings(String host, int port, String security, Optional<String> user, Optional<String> password, String from) {
}
