package io.pipekeeper.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Check;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeAnomalyTest {
    private static final Check.Anomaly DEFAULT = Check.Anomaly.DEFAULT;

    /** Four weeks of a weekday volume of 1,000 with quieter weekends (800, 750). */
    private static List<Long> weeks() {
        List<Long> days = new ArrayList<>();
        for (int i = 0; i < 28; i++) {
            days.add(i % 7 == 5 ? 800L : i % 7 == 6 ? 750L : 1000L);
        }
        return days;
    }

    @Test
    void a_quiet_sunday_is_normal_and_a_tenth_of_the_volume_is_not() {
        assertThat(VolumeAnomaly.judge(760, weeks(), DEFAULT).anomalous()).isFalse();
        VolumeAnomaly.Verdict drop = VolumeAnomaly.judge(100, weeks(), DEFAULT);
        assertThat(drop.anomalous()).isTrue();
        assertThat(drop.observed()).startsWith("100 rows (z = -");
        assertThat(VolumeAnomaly.judge(5000, weeks(), DEFAULT).anomalous()).isTrue();
    }

    @Test
    void a_past_anomaly_does_not_widen_the_expected_range() {
        List<Long> withSpike = weeks();
        withSpike.set(20, 50_000L);
        assertThat(VolumeAnomaly.judge(2500, withSpike, DEFAULT).anomalous()).as("the spike is left out of training").isTrue();
    }

    @Test
    void a_small_change_never_fires_and_a_short_history_cannot_judge() {
        List<Long> flat = new ArrayList<>();
        for (int i = 0; i < 28; i++) {
            flat.add(1000L);
        }
        assertThat(VolumeAnomaly.judge(1050, flat, DEFAULT).anomalous()).as("5 % is below min_change").isFalse();
        VolumeAnomaly.Verdict early = VolumeAnomaly.judge(10, List.of(1000L, 1000L, 1000L), DEFAULT);
        assertThat(early.anomalous()).isFalse();
        assertThat(early.expected()).isEqualTo("at least 7 earlier days to learn from (have 3)");
    }
}
