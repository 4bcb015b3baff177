package io.pipekeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillClockTest {
    @TempDir
    Path dir;

    @Test
    void the_instant_in_the_file_is_now_for_every_reader_and_a_set_is_read_back() {
        DrillClock clock = DrillClock.from(Map.of(DrillClock.VARIABLE, "drill/clock.txt"), dir).orElseThrow();
        assertThat(clock.file()).isEqualTo(dir.resolve("drill/clock.txt"));
        clock.set(Instant.parse("2026-01-06T16:00:00Z"));
        assertThat(clock.now()).isEqualTo(Instant.parse("2026-01-06T16:00:00Z"));
        assertThat(DrillClock.of(Map.of(DrillClock.VARIABLE, clock.file().toString())).get()).isEqualTo(Instant.parse("2026-01-06T16:00:00Z"));
    }

    @Test
    void without_the_variable_now_is_the_systems() {
        assertThat(DrillClock.from(Map.of(), dir)).isEmpty();
        Instant before = Instant.now();
        Instant now = DrillClock.of(Map.of()).get();
        assertThat(now).isBetween(before, Instant.now());
    }

    @Test
    void a_missing_or_unreadable_instant_says_what_to_do() throws Exception {
        DrillClock clock = new DrillClock(dir.resolve("clock.txt"));
        assertThatThrownBy(clock::now).hasMessageContaining("does not exist; start the drill clock with 'pipekeeper clock set");
        Files.writeString(clock.file(), "tomorrow morning\n");
        assertThatThrownBy(clock::now).hasMessageContaining("holds 'tomorrow morning', which is not an ISO-8601 instant");
        Files.writeString(clock.file(), "2026-01-06T10:00:00-06:00\n");
        assertThat(clock.now()).as("an offset other than Z, as people write it").isEqualTo(Instant.parse("2026-01-06T16:00:00Z"));
    }
}
