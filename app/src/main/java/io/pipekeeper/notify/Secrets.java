package io.pipekeeper.notify;

import io.pipekeeper.PipekeeperException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ${env:NAME}} in a channel's settings, read from the environment when a page is sent. */
public final class Secrets {
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private Secrets() {
    }

    /** The text with each {@code ${env:NAME}} replaced; a missing variable is an error that names it, never a value. */
    public static String resolve(String written, Map<String, String> environment, String neededBy) {
        Matcher m = ENV.matcher(written);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = environment.get(m.group(1));
            if (value == null) {
                throw new PipekeeperException("the environment variable " + m.group(1) + " is not set; " + neededBy + " needs it");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
