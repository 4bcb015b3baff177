package io.pipekeeper.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.App;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.sample.Fault;
import io.pipekeeper.sample.SampleData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the process recovering from a replaced file, in the middle of its re-runs: the next process finishes the
 * recovery, no pipeline succeeds twice for the date, and the recovery is recorded once.
 */
class KillDuringRecoveryTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);

    @TempDir
    Path dir;

    @Test
    void a_recovery_killed_mid_way_is_finished_once_by_the_next_process() throws Exception {
        Path config = SeedText.writeTo(dir);
        long incidentId;
        Instant replaced;
        try (App app = new App(new ConfigLoader().load(config, "pipekeeper.yaml"), Map.of())) {
            app.sampleData().generate(new SampleData.Options(DAY.minusDays(1), DAY, 0.02, 3,
                    List.of(new Fault(Fault.Kind.CORRUPT_FILE, "orders", Optional.empty(), DAY))), day -> { });
            app.pipelineRunner().run(List.of("unit_profit", "aggregate_profit"), DAY.minusDays(1));
            app.pipelineRunner().run(List.of("unit_profit", "aggregate_profit"), DAY);
            app.incidentLoop().runOnce(Instant.now());
            incidentId = app.incidentStore().list(true).get(0).id();
            Instant opened = app.incidentStore().find(incidentId).orElseThrow().openedAt();
            app.sampleData().generate(new SampleData.Options(DAY, DAY, 0.02, 3, List.of()), day -> { });
            settle(dir.resolve("data/raw/orders/date=" + DAY), opened.plusMillis(1)); // replaced right after the incident opened
            replaced = Instant.now();
        }

        try (App watcher = new App(new ConfigLoader().load(config, "pipekeeper.yaml"), Map.of())) {
            recoverWithKills(watcher, config, incidentId, replaced);
        }
    }

    private void recoverWithKills(App watcher, Path config, long incidentId, Instant replaced) throws Exception {
        int struck = 0;
        for (int round = 0; round < 3 && struck == 0; round++) {
            Process child = start(config);
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).as(errors()).isEqualTo("ready");
            // Kill as soon as the first re-run has succeeded: the second is running, or about to.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (succeededSince(watcher, "unit_profit", replaced) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            struck += unfinished(watcher, incidentId) ? 1 : 0;
        }
        assertThat(struck).as("a kill struck while the recovery was unfinished (else this test proves nothing)").isPositive();

        Process last = start(config);
        BufferedReader lines = new BufferedReader(new InputStreamReader(last.getInputStream(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).as(errors()).isEqualTo("ready");
        assertThat(lines.readLine()).as("it finishes the recovery, then finds nothing: %s", errors()).isEqualTo("idle");
        last.destroyForcibly();
        last.waitFor(30, TimeUnit.SECONDS);

        assertThat(succeededSince(watcher, "unit_profit", replaced)).as("unit_profit ran once").isEqualTo(1);
        assertThat(succeededSince(watcher, "aggregate_profit", replaced)).as("aggregate_profit ran once").isEqualTo(1);
        assertThat(watcher.recoveryStore().of(incidentId)).singleElement().satisfies(recovery -> {
            assertThat(recovery.status()).isEqualTo(Recovery.Status.DONE);
            assertThat(recovery.summary().orElseThrow()).contains("re-ran unit_profit, aggregate_profit");
        });
        watcher.incidentLoop().runOnce(Instant.now());
        assertThat(watcher.incidentStore().find(incidentId).orElseThrow().status()).isEqualTo(Incident.Status.RESOLVED);
    }

    private static void settle(Path root, Instant at) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FileTime.from(at));
            }
        }
    }

    private static long succeededSince(App app, String pipeline, Instant since) {
        return app.runStore().runs(Optional.of(pipeline), Optional.of(DAY), Optional.of(DAY)).stream()
                .filter(run -> run.status() == Run.Status.SUCCEEDED && !run.startedAt().isBefore(since)).count();
    }

    /** Whether the recovery was left part-done: recorded, not finished. */
    private static boolean unfinished(App app, long incidentId) {
        return app.recoveryStore().of(incidentId).stream().anyMatch(recovery -> recovery.status() == Recovery.Status.RUNNING);
    }

    private Process start(Path config) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RecoveryChild.class.getName(), config.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("children.err").toFile())).start();
    }

    private String errors() throws java.io.IOException {
        Path file = dir.resolve("children.err");
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
