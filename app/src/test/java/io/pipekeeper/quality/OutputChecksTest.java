package io.pipekeeper.quality;

import io.pipekeeper.signal.Kind;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.pipeline.PipelineRunner;
import io.pipekeeper.engine.Publisher;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.signal.Signal;
import io.pipekeeper.sample.SampleData;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output checks stand between a run and its publish: a leak or a broken reconciliation is never published. */
class OutputChecksTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 7);

    @TempDir
    Path dir;
    private Catalog catalog;
    private Store store;
    private RunStore runs;

    @BeforeEach
    void setUp() {
        catalog = new ConfigLoader().load(SeedText.writeTo(dir), "pipekeeper.yaml");
        new SampleData(catalog).generate(new SampleData.Options(DAY, DAY, 0.002, 1, List.of()), day -> { });
        store = Store.open(TestDatabases.freshH2());
        runs = new RunStore(store.jdbi());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private Run run(String pipeline) {
        Catalog reloaded = new ConfigLoader().load(dir.resolve("pipekeeper.yaml"), "pipekeeper.yaml");
        List<Run> result = new PipelineRunner(reloaded, runs, Engines.duckDbOnly(), d -> { }, Instant::now).run(List.of(pipeline), DAY);
        return result.get(result.size() - 1);
    }

    @Test
    void clean_outputs_pass_their_checks_and_are_published() {
        Run run = run("aggregate_profit");
        assertThat(run.status()).as(run.error().orElse("")).isEqualTo(Run.Status.SUCCEEDED);
        assertThat(runs.signals().all()).isEmpty();
    }

    @Test
    void an_investor_output_with_email_addresses_is_a_critical_pii_leak_and_is_not_published() throws Exception {
        Files.writeString(dir.resolve("pipelines/aggregate_engagement.sql"),
                "SELECT {{run_date}} AS date, count(DISTINCT user_id) AS dau, 1.0 AS stickiness,"
                        + " 'user' || min(user_id) || '@example.com' AS top_user FROM events");

        Run run = run("aggregate_engagement");

        assertThat(run.status()).isEqualTo(Run.Status.FAILED);
        assertThat(run.error()).get().asString().startsWith("output check no_pii failed: column top_user holds email addresses")
                .endsWith("; not published");
        assertThat(Publisher.outputFile(catalog.storage().warehouse(), "aggregate_engagement", DAY)).doesNotExist();
        Signal leak = runs.signals().all().stream().filter(s -> s.kind() == Kind.PII_LEAK).findFirst().orElseThrow();
        assertThat(leak.evidence()).contains("\"severity\":\"critical\"").doesNotContain("@example.com");
    }

    @Test
    void a_column_named_like_personal_data_is_a_leak_too() throws Exception {
        Files.writeString(dir.resolve("pipelines/aggregate_engagement.sql"),
                "SELECT {{run_date}} AS date, count(DISTINCT user_id) AS dau, 1.0 AS stickiness, NULL::VARCHAR AS phone_number FROM events");
        assertThat(run("aggregate_engagement").error()).get().asString().contains("column phone_number is named like personal data");
    }

    @Test
    void an_output_that_no_longer_matches_its_versioned_contract_fails_with_a_contract_conflict() throws Exception {
        Path sql = dir.resolve("pipelines/unit_profit.sql");
        Files.writeString(sql, Files.readString(sql).replace("       experiment_group,\n       product_id,",
                "       experiment_group,\n       product_id,\n       'x' AS channel,"));

        Run run = run("unit_profit");

        assertThat(run.status()).isEqualTo(Run.Status.FAILED);
        assertThat(run.error()).get().asString().startsWith("output check contract failed: column channel VARCHAR was added;"
                + " update the contract (a new major version when a change breaks consumers) and their pins");
        assertThat(runs.signals().all()).extracting(Signal::kind).contains(Kind.CONTRACT_CONFLICT, Kind.RUN_FAILED);
        assertThat(Publisher.outputFile(catalog.storage().warehouse(), "unit_profit", DAY)).doesNotExist();
    }

    @Test
    void totals_that_do_not_reconcile_with_their_detail_are_not_published() throws Exception {
        Path sql = dir.resolve("pipelines/aggregate_profit.sql");
        Files.writeString(sql, Files.readString(sql).replace("THEN revenue - cost END)                    AS profit",
                "THEN (revenue - cost) * 1.01 END)           AS profit"));

        Run run = run("aggregate_profit");

        assertThat(run.status()).isEqualTo(Run.Status.FAILED);
        assertThat(run.error()).get().asString().startsWith("output check reconcile failed: sum(unit_profit.profit) = ")
                .contains("(0.9901 % apart)");
        assertThat(Publisher.outputFile(catalog.storage().warehouse(), "aggregate_profit", DAY)).doesNotExist();
    }
}
