package io.pipekeeper.config;

import java.time.Duration;
import java.util.List;

/**
 * One step of an escalation policy: after {@code after}, page {@code targets} over {@code via}.
 *
 * @param targets resolved when the step fires
 * @param via     {@code email}, {@code sms}, {@code voice}, {@code phone} (SMS and a call, as {@code channels.phone}
 *                allows), {@code slack}, {@code webhook}, {@code teams}
 */
public record EscalationStep(Delay after, List<EscalationTarget> targets, List<String> via) {
    /** The ways to reach the team rather than a person. */
    public static final List<String> TEAM_CHANNELS = List.of("slack", "webhook", "teams");

    public EscalationStep {
        targets = List.copyOf(targets);
        via = List.copyOf(via);
    }

    /** When a step fires after the incident opens: a fixed time, or a share of the incident's respond SLA. */
    public sealed interface Delay {
        Duration of(Sla sla);

        static Delay parse(String text) {
            if (text.endsWith("%")) {
                return new PercentOfRespond(Integer.parseInt(text.substring(0, text.length() - 1)));
            }
            return new Fixed(Durations.parse(text));
        }
    }

    public record Fixed(Duration duration) implements Delay {
        @Override
        public Duration of(Sla sla) {
            return duration;
        }

        @Override
        public String toString() {
            return Durations.format(duration);
        }
    }

    public record PercentOfRespond(int percent) implements Delay {
        @Override
        public Duration of(Sla sla) {
            return Duration.ofMillis(sla.respond().toMillis() * percent / 100);
        }

        @Override
        public String toString() {
            return percent + "%";
        }
    }
}
