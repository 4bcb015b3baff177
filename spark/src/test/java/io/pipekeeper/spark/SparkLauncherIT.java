package io.pipekeeper.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PIPEKEEPER_SPARK=1 ./pipekeeper, as a user runs it, on the seed with one pipeline moved to Spark by one line. */
class SparkLauncherIT {
    private static final Path LAUNCHER = Path.of(System.getProperty("pipekeeper.repo", "..")).resolve("pipekeeper")
            .toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
    }

    private Result launch(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "-c", "team/pipekeeper.yaml"));
        command.addAll(List.of(args));
        Path out = dir.resolve(".out");
        Path err = dir.resolve(".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("PIPEKEEPER_SPARK");
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the launcher finishes").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void the_seed_runs_a_pipeline_on_spark_after_a_one_line_change() throws Exception {
        SeedOnBothEngines.seed(dir.resolve("team"), dir.resolve("team/data/raw"), text -> text.replace(
                "    sql: pipelines/aggregate_profit.sql\n", "    sql: pipelines/aggregate_profit.sql\n    engine: spark\n"));
        Map<String, String> spark = Map.of("PIPEKEEPER_SPARK", "1");

        Result without = launch(Map.of(), "validate");
        assertThat(without.exitCode()).isEqualTo(2);
        assertThat(without.err()).contains("pipekeeper.yaml:").contains("pipelines.aggregate_profit.engine: the spark engine is not on the class path");

        assertThat(launch(spark, "data", "generate", "--from", "2026-11-01", "--to", "2026-11-03", "--scale", "0.001").exitCode()).isZero();
        Result run = launch(spark, "run", "aggregate_profit", "--date", "2026-11-03");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("aggregate_profit +succeeded").containsPattern("unit_profit +succeeded");
        assertThat(run.err()).as("no rebuild, no stack trace, no Spark chatter").doesNotContain("building").doesNotContain("Exception")
                .doesNotContain(" INFO ");
    }

    @Test
    void a_spark_that_cannot_start_fails_the_run_with_where_it_was_asked_to_start() throws Exception {
        SeedOnBothEngines.seed(dir.resolve("team"), dir.resolve("team/data/raw"), text -> text
                .replace("version: 1\n", "version: 1\nspark: {master: \"local[0]\"}\n")
                .replace("    sql: pipelines/aggregate_profit.sql\n", "    sql: pipelines/aggregate_profit.sql\n    engine: spark\n"));
        Map<String, String> spark = Map.of("PIPEKEEPER_SPARK", "1");
        assertThat(launch(spark, "data", "generate", "--from", "2026-11-02", "--to", "2026-11-03", "--scale", "0.001").exitCode()).isZero();

        Result run = launch(spark, "run", "aggregate_profit", "--date", "2026-11-03");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("unit_profit +succeeded").containsPattern("aggregate_profit +failed")
                .contains("Spark did not start at master local[0]");
    }
}
