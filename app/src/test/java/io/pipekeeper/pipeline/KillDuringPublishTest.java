package io.pipekeeper.pipeline;

import io.pipekeeper.engine.Publisher;
import io.pipekeeper.engine.Engines;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.sample.SampleData;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreLocation;
import io.pipekeeper.store.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments of a run, many times: the published output is always one whole result, the old
 * or the new, and a restart leaves no staging file and no run marked 'running'.
 */
class KillDuringPublishTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 7);
    private static final int KILLS = 10;

    @TempDir
    Path dir;

    @Test
    void a_killed_run_leaves_the_whole_old_or_the_whole_new_output() throws Exception {
        Path configA = SeedText.writeTo(dir);
        String sql = Files.readString(dir.resolve("pipelines/unit_profit.sql"));
        Files.writeString(dir.resolve("pipelines/unit_profit_b.sql"), SeedText.replace(sql, "CAST(sum(quantity) AS BIGINT)                  AS units",
                "CAST(sum(quantity) * 2 AS BIGINT)              AS units"));
        Path configB = Files.writeString(dir.resolve("b.yaml"), SeedText.text().replace("sql: pipelines/unit_profit.sql",
                "sql: pipelines/unit_profit_b.sql"));
        Catalog catalog = new ConfigLoader().load(configA, "pipekeeper.yaml");
        new SampleData(catalog).generate(new SampleData.Options(DAY, DAY, 0.05, 3, List.of()), d -> { });
        StoreLocation location = TestDatabases.freshH2();
        Path output = Publisher.outputFile(catalog.storage().warehouse(), "unit_profit", DAY);

        String resultA = publishOnce(configA, location, output);
        String resultB = publishOnce(configB, location, output);
        assertThat(resultA).isNotEqualTo(resultB);

        Random random = new Random(7);
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), PublishLoop.class.getName(),
                    configA.toString(), configB.toString(), location.url(), DAY.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).as("the loop publishes before it is killed").isEqualTo("published");
            Thread.sleep(random.nextInt(900));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(checksum(output)).as("after kill %d the output is one whole result", kill).isIn(resultA, resultB);

            List<Path> leftovers = Publisher.cleanUp(catalog.storage().warehouse());
            assertThat(stagingFiles(catalog.storage().warehouse())).as("cleaned up: %s", leftovers).isEmpty();
            try (Store store = Store.open(location)) {
                RunStore runs = new RunStore(store.jdbi());
                runs.closeInterrupted(Instant.now());
                assertThat(runs.runs(Optional.empty(), Optional.empty(), Optional.empty()))
                        .noneMatch(run -> run.status() == Run.Status.RUNNING);
            }
        }
    }

    private static String publishOnce(Path config, StoreLocation location, Path output) throws Exception {
        Catalog catalog = new ConfigLoader().load(config, config.toString());
        try (Store store = Store.open(location)) {
            Run run = new PipelineRunner(catalog, new RunStore(store.jdbi()), Engines.duckDbOnly(), d -> { }, Instant::now)
                    .run(List.of("unit_profit"), DAY).get(0);
            assertThat(run.status()).as(run.error().orElse("")).isEqualTo(Run.Status.SUCCEEDED);
        }
        return checksum(output);
    }

    private static String checksum(Path output) throws Exception {
        return Parquet.query("SELECT count(*) AS n, sum(units) AS units, sum(revenue) AS revenue FROM read_parquet('" + output + "')")
                .get(0).toString();
    }

    private static Set<Path> stagingFiles(Path warehouse) throws Exception {
        try (Stream<Path> files = Files.walk(warehouse)) {
            return Set.copyOf(files.filter(p -> p.getFileName().toString().startsWith(Publisher.STAGING_PREFIX)).toList());
        }
    }
}
