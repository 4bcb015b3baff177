package io.pipekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipekeeper.config.SeedText;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data generate, run, backfill and runs, as a user runs them. */
class RunCommandsTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void generateThreeDays() {
        SeedText.writeTo(dir);
        CliRun generate = CliRun.of(dir, "data", "generate", "--from", "2026-11-01", "--to", "2026-11-03", "--scale", "0.005",
                "--fault", "missing_partition:events@2026-11-03");
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        assertThat(generate.out()).startsWith("wrote ").contains("fault: missing_partition:events@2026-11-03");
    }

    @Test
    void run_as_json_lists_every_run_with_what_it_used() {
        CliRun run = CliRun.of(dir, "run", "--date", "2026-11-01", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("date").asText()).isEqualTo("2026-11-01");
        assertThat(json.get("runs")).hasSize(5);
        JsonNode first = json.get("runs").get(0);
        assertThat(first.get("pipeline").asText()).isEqualTo("unit_profit");
        assertThat(first.get("status").asText()).isEqualTo("succeeded");
        assertThat(first.get("attempts").asInt()).isEqualTo(1);
        assertThat(first.get("rows_in").asLong()).isPositive();
        assertThat(first.get("rows_out").asLong()).isPositive();
        assertThat(first.fieldNames()).toIterable().contains("started_at", "finished_at", "cpu_ms", "peak_memory_bytes", "output", "error");
    }

    @Test
    void a_blocked_pipeline_makes_the_exit_code_1_and_only_its_dependents_wait() {
        CliRun run = CliRun.of(dir, "run", "aggregate_engagement", "unit_profit", "--date", "2026-11-03", "--json");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.json().get("runs")).extracting(r -> r.get("pipeline").asText() + " " + r.get("status").asText())
                .containsExactly("aggregate_engagement blocked", "unit_profit succeeded");
    }

    @Test
    void backfill_runs_every_day_and_runs_shows_the_history() {
        CliRun backfill = CliRun.of(dir, "backfill", "aggregate_profit", "--from", "2026-11-01", "--to", "2026-11-02");
        assertThat(backfill.exitCode()).as(backfill.err()).isZero();
        assertThat(backfill.out()).contains("2026-11-02  aggregate_profit");
        JsonNode history = CliRun.of(dir, "runs", "--pipeline", "aggregate_profit", "--from", "2026-11-02", "--json").json().get("runs");
        assertThat(history).isNotEmpty().allSatisfy(r -> assertThat(r.get("date").asText()).isEqualTo("2026-11-02"));
    }

    @Test
    void an_unknown_pipeline_is_exit_code_2_with_a_suggestion() {
        CliRun run = CliRun.of(dir, "run", "unit_proft", "--date", "2026-11-01");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'unit_proft' is not a pipeline (did you mean 'unit_profit'?)");
        assertThat(CliRun.of(dir, "data", "generate", "--from", "2026-11-01", "--to", "2026-11-01", "--fault", "flood@2026-11-01")
                .err()).contains("--fault: 'flood' is not a fault");
    }
}
