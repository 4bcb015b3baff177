package io.pipekeeper.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The configuration's durations: a whole number and a unit, {@code 30s 15m 1h 2d 2w}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("([0-9]{1,6})(s|m|h|d|w)");

    private Durations() {
    }

    /** @throws IllegalArgumentException with the rule, when the text is not a duration */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a whole number and a unit: 30s, 15m, 1h, 2d, 2w");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
    }

    /** The shortest form that {@link #parse} reads back: {@code 2w}, {@code 90m}, {@code 45s}. */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds != 0 && seconds % (7 * 86400) == 0) {
            return seconds / (7 * 86400) + "w";
        }
        if (seconds != 0 && seconds % 86400 == 0) {
            return seconds / 86400 + "d";
        }
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
