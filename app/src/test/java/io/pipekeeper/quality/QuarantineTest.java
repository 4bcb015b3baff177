package io.pipekeeper.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigException;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.pipeline.PipelineRunner;
import io.pipekeeper.engine.Publisher;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.sample.Fault;
import io.pipekeeper.sample.SampleData;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** on_fail: quarantine sets failing rows aside, with their reason, and the pipelines read the rest. */
class QuarantineTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 7);

    @TempDir
    Path dir;

    private static long value(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void negative_quantities_go_to_quarantine_and_unit_profit_runs_on_the_clean_rows() throws Exception {
        String text = SeedText.replace(SeedText.text(), "{type: range, column: quantity, min: 1, max: 1000}",
                "{type: range, column: quantity, min: 1, max: 1000, on_fail: quarantine}");
        Catalog catalog = new ConfigLoader().load(SeedText.writeTo(dir, text), "pipekeeper.yaml");
        new SampleData(catalog).generate(new SampleData.Options(DAY, DAY, 0.002, 1,
                List.of(Fault.parse("negative_values:orders.quantity@" + DAY))), day -> { });
        Path orders = catalog.storage().raw().resolve("orders/date=" + DAY + "/part-0.parquet");
        long negative = value("SELECT count(*) FROM read_parquet('" + orders + "') WHERE quantity < 1");
        long positiveUnits = value("SELECT sum(quantity) FROM read_parquet('" + orders + "') WHERE quantity >= 1");
        assertThat(negative).isPositive();

        try (Store store = Store.open(TestDatabases.freshH2())) {
            RunStore runs = new RunStore(store.jdbi());
            Run run = new PipelineRunner(catalog, runs, Engines.duckDbOnly(), d -> { }, Instant::now).runOnly("unit_profit", DAY);

            assertThat(run.status()).as(run.error().orElse("")).isEqualTo(Run.Status.SUCCEEDED);
            Path quarantine = catalog.storage().quarantine().resolve("orders/date=" + DAY + "/data.parquet");
            assertThat(value("SELECT count(*) FROM read_parquet('" + quarantine + "') WHERE _reason = 'range(quantity)'")).isEqualTo(negative);
            Path output = Publisher.outputFile(catalog.storage().warehouse(), "unit_profit", DAY);
            assertThat(value("SELECT sum(units) FROM read_parquet('" + output + "')")).isEqualTo(positiveUnits);
            assertThat(runs.signals().all()).anySatisfy(s -> assertThat(s.detail()).contains("range(quantity) warned").contains("set aside in quarantine"));
        }
    }

    @Test
    void quarantine_is_refused_where_there_are_no_rows_to_set_aside() {
        String text = SeedText.replace(SeedText.text(), "{type: row_count, min: 1}", "{type: row_count, min: 1, on_fail: quarantine}");
        try {
            new ConfigLoader().load(SeedText.writeTo(dir, text), "pipekeeper.yaml");
            throw new AssertionError("accepted");
        } catch (ConfigException e) {
            assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message())
                    .startsWith("quarantine sets failing rows aside, so it works only for row-level checks on sources"));
        }
    }
}
