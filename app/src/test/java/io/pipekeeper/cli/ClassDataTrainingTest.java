package io.pipekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run the launcher archives classes from: every command in it must work, or its classes are missing. */
class ClassDataTrainingTest {
    @TempDir
    Path dir;

    @Test
    void every_command_of_the_training_runs_on_the_seed_and_the_store_is_made() {
        assertThat(ClassDataTraining.run(dir)).as("commands that failed").isEmpty();

        assertThat(dir.resolve("pipekeeper.yaml")).isRegularFile();
        assertThat(dir.resolve(".pipekeeper/pipekeeper.mv.db")).as("the store's commands ran on a store").isRegularFile();
        assertThat(ClassDataTraining.COMMANDS).extracting(command -> command.get(0))
                .contains("validate", "oncall", "incidents", "runs", "pipelines", "sla", "owners", "audit", "token", "store");
    }
}
