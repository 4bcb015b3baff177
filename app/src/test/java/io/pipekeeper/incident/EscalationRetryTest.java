package io.pipekeeper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EscalationRetryTest {
    @Test
    void a_failed_step_waits_one_second_then_twice_as_long_each_time_up_to_a_minute() {
        assertThat(Escalation.retryAfter(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Escalation.retryAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Escalation.retryAfter(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(Escalation.retryAfter(6)).isEqualTo(Duration.ofMinutes(1));
        assertThat(Escalation.retryAfter(1_000)).isEqualTo(Duration.ofMinutes(1));
    }
}
