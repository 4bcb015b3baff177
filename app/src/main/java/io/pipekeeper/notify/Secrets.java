package io.pipekeeper.notify;

import io.pipekeeper.PipekeeperException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets in a channel's or an integration's settings, read when they are needed, so that they never sit in the
 * configuration and a rotated one is used at once: {@code ${env:NAME}} from the environment, and
 * {@code ${file:/run/secrets/NAME}} from a file (systemd's credentials, Docker and Kubernetes secrets), its one
 * trailing line break dropped.
 */
public final class Secrets {
    /** A reference: {@code ${env:NAME}} or {@code ${file:PATH}}. */
    public static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    private Secrets() {
    }

    /**
     * The text with each reference replaced; a missing variable or an unreadable file is an error that names it and
     * what needs it, never a value.
     */
    public static String resolve(String written, Map<String, String> environment, String neededBy) {
        Matcher m = REFERENCE.matcher(written);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(1).equals("env") ? variable(m.group(2), environment, neededBy) : file(m.group(2), neededBy);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whether the text holds a reference ({@code config show} prints those as written). */
    public static boolean isReference(String written) {
        return REFERENCE.matcher(written).find();
    }

    private static String variable(String name, Map<String, String> environment, String neededBy) {
        String value = environment.get(name);
        if (value == null) {
            throw new PipekeeperException("the environment variable " + name + " is not set; " + neededBy + " needs it");
        }
        return value;
    }

    private static String file(String path, String neededBy) {
        try {
            String value = Files.readString(Path.of(path), StandardCharsets.UTF_8);
            return value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        } catch (NoSuchFileException e) {
            throw new PipekeeperException("the secret file " + path + " does not exist; " + neededBy + " needs it");
        } catch (IOException | SecurityException e) {
            throw new PipekeeperException("the secret file " + path + " cannot be read (" + e.getMessage() + "); " + neededBy + " needs it");
        }
    }
}
