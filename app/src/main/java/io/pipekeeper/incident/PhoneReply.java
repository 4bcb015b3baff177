package io.pipekeeper.incident;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an SMS reply asks, read leniently (case and spaces do not matter): {@code ack 12}, {@code acknowledge #12},
 * {@code resolve 12}, the short codes {@code 12a} and {@code 12c}, a bare {@code ack}/{@code a} or
 * {@code resolve}/{@code c} (the one open incident paged to the sender), {@code STOP} and {@code START}; and whether a
 * page was worth it: {@code 12n} or {@code noise 12}, {@code 12u} or {@code useful 12}.
 *
 * @param incident the incident named, or empty for a bare answer (and for STOP, START and what is not understood)
 */
public record PhoneReply(Action action, Optional<Long> incident) {
    /** What the reply asks for. */
    public enum Action {
        ACKNOWLEDGE, RESOLVE, STOP, START, NOISE, USEFUL, NOT_UNDERSTOOD
    }

    private static final Pattern WORD_THEN_ID = Pattern.compile("(ack|acknowledge|a|resolve|c)(?:\\s+#?(\\d{1,18}))?");
    private static final Pattern SHORT_CODE = Pattern.compile("#?(\\d{1,18})\\s*(a|c|n|u)");
    private static final Pattern FEEDBACK = Pattern.compile("(noise|useful)\\s+#?(\\d{1,18})");
    /** How to answer, as the "sorry" reply and the SMS page say it. */
    public static final String USAGE = "reply 'ack 12' or '12a' to acknowledge, 'resolve 12' or '12c' to resolve, STOP to stop SMS pages";

    public static PhoneReply parse(String body) {
        String text = body == null ? "" : body.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        switch (text) {
            case "stop", "stopall", "unsubscribe" -> {
                return new PhoneReply(Action.STOP, Optional.empty());
            }
            case "start", "unstop" -> {
                return new PhoneReply(Action.START, Optional.empty());
            }
            default -> {
                // read on
            }
        }
        Matcher word = WORD_THEN_ID.matcher(text);
        if (word.matches()) {
            return new PhoneReply(word.group(1).startsWith("a") ? Action.ACKNOWLEDGE : Action.RESOLVE,
                    Optional.ofNullable(word.group(2)).map(Long::parseLong));
        }
        Matcher code = SHORT_CODE.matcher(text);
        if (code.matches()) {
            Action action = switch (code.group(2)) {
                case "a" -> Action.ACKNOWLEDGE;
                case "c" -> Action.RESOLVE;
                case "n" -> Action.NOISE;
                default -> Action.USEFUL;
            };
            return new PhoneReply(action, Optional.of(Long.parseLong(code.group(1))));
        }
        Matcher feedback = FEEDBACK.matcher(text);
        if (feedback.matches()) {
            return new PhoneReply(feedback.group(1).equals("noise") ? Action.NOISE : Action.USEFUL, Optional.of(Long.parseLong(feedback.group(2))));
        }
        return new PhoneReply(Action.NOT_UNDERSTOOD, Optional.empty());
    }
}
