package io.pipekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.SeedText;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** clock set, advance and show, and the command line taking "now" from the drill clock. */
class ClockCommandsTest {
    private static final Map<String, String> DRILL = Map.of("PIPEKEEPER_CLOCK", "drill-clock.txt");

    @TempDir
    Path dir;

    private CliRun ok(String... args) {
        CliRun run = CliRun.of(dir, DRILL, args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    @Test
    void the_clock_is_set_and_advanced_and_every_command_takes_now_from_it() {
        SeedText.writeTo(dir);
        assertThat(ok("clock", "set", "2026-12-15T10:00:00-05:00").out().strip()).isEqualTo("2026-12-15T15:00Z");
        assertThat(ok("clock", "advance", "10m").out().strip()).isEqualTo("2026-12-15T15:10Z");
        assertThat(ok("clock", "show").out().strip()).isEqualTo("2026-12-15T15:10Z");

        ok("incident", "open", "--title", "a drill", "--severity", "critical", "--pipeline", "aggregate_profit", "--by", "john");
        assertThat(ok("incident", "show", "1", "--json").json().get("opened_at").asText()).isEqualTo("2026-12-15T15:10:00Z");
        assertThat(ok("oncall", "now", "--json").json().get("at").asText()).isEqualTo("2026-12-15T15:10:00Z");
        assertThat(ok("oncall", "now", "--json").json().get("primary").asText()).as("the seed's second turn, 14–28 December").isEqualTo("emily");
    }

    @Test
    void without_the_variable_the_clock_commands_refuse_and_say_how_to_turn_it_on() {
        CliRun show = CliRun.of(dir, "clock", "show");
        assertThat(show.exitCode()).isEqualTo(2);
        assertThat(show.err()).contains("the drill clock is off: set PIPEKEEPER_CLOCK=FILE");
        CliRun set = CliRun.of(dir, "clock", "set", "2026-12-15T10:00:00-05:00");
        assertThat(set.exitCode()).isEqualTo(2);
    }

    @Test
    void a_clock_file_that_is_missing_or_holds_no_instant_is_bad_input() throws Exception {
        CliRun missing = CliRun.of(dir, DRILL, "clock", "show");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("which does not exist; start the drill clock with 'pipekeeper clock set");
        java.nio.file.Files.writeString(dir.resolve("drill-clock.txt"), "soon\n");
        CliRun garbled = CliRun.of(dir, DRILL, "clock", "show");
        assertThat(garbled.exitCode()).isEqualTo(2);
        assertThat(garbled.err()).contains("holds 'soon', which is not an ISO-8601 instant").doesNotContain("Exception");
    }

    @Test
    void a_bad_instant_or_duration_is_refused_with_exit_2() {
        CliRun instant = CliRun.of(dir, DRILL, "clock", "set", "tomorrow");
        assertThat(instant.exitCode()).isEqualTo(2);
        assertThat(instant.err()).contains("INSTANT: 'tomorrow' is not an ISO-8601 instant with its offset");
        ok("clock", "set", "2026-12-15T10:00:00-05:00");
        CliRun duration = CliRun.of(dir, DRILL, "clock", "advance", "ten minutes");
        assertThat(duration.exitCode()).isEqualTo(2);
        assertThat(duration.err()).contains("DURATION: 'ten minutes' is not a duration");
        assertThat(ok("clock", "show").out().strip()).as("unchanged").isEqualTo("2026-12-15T15:00Z");
    }
}
