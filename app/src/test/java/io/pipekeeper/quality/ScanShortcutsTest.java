package io.pipekeeper.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Check;
import io.pipekeeper.engine.EngineSession;
import io.pipekeeper.engine.Engines;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fused scan's shortcuts give the same counts as the plain way: duplicates of a dense key by a bitmap (a sparse
 * key is hashed in a pass of its own), and a pattern on a dictionary-encoded column judged once per distinct value.
 */
class ScanShortcutsTest {
    private static final Check UNIQUE = new Check("unique(id)", Check.Type.UNIQUE, List.of("id"), 0, List.of(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Check.OnFail.BLOCK, Optional.empty(), Check.Anomaly.DEFAULT, Optional.empty());
    private static final Check NOT_NULL = new Check("not_null(id)", Check.Type.NOT_NULL, List.of("id"), 0, List.of(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Check.OnFail.BLOCK, Optional.empty(), Check.Anomaly.DEFAULT, Optional.empty());

    @TempDir
    Path dir;

    @Test
    void a_dense_key_is_checked_by_a_bitmap_in_the_same_scan() throws Exception {
        Outcome outcome = check("SELECT * FROM (VALUES (1), (2), (2), (3), (3), (3), (NULL)) t(id)");
        assertThat(outcome.duplicates()).isEqualTo(3);
        assertThat(outcome.scans()).isEqualTo(1);
    }

    @Test
    void a_sparse_key_is_hashed_in_a_pass_of_its_own_with_the_same_count() throws Exception {
        Outcome outcome = check("SELECT * FROM (VALUES (1), (2), (2), (1000000000000), (1000000000000), (1000000000000), (NULL)) t(id)");
        assertThat(outcome.duplicates()).isEqualTo(3);
        assertThat(outcome.scans()).isEqualTo(2);
    }

    @Test
    void a_pattern_on_a_dictionary_encoded_column_counts_the_rows_of_each_failing_value() throws Exception {
        Check pattern = new Check("pattern(code)", Check.Type.PATTERN, List.of("code"), 0, List.of(), Optional.empty(), Optional.empty(),
                Optional.of("[A-Z]{3}"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Check.OnFail.BLOCK, Optional.empty(), Check.Anomaly.DEFAULT, Optional.empty());
        Path file = dir.resolve("codes.parquet");
        try (EngineSession session = Engines.duckDbOnly().named("duckdb").open()) {
            session.writeParquet("SELECT CASE i % 10 WHEN 0 THEN 'usd' WHEN 1 THEN NULL WHEN 2 THEN 'EURO' ELSE 'USD' END AS code"
                    + " FROM range(10000) t(i)", file);
            assertThat(session.dictionaryEncoded(List.of(file.toString()))).contains("code");
            session.view("t", file);
            CheckResult result = new TableChecks(session, "t", "t", LocalDate.of(2026, 11, 1), "t", List.of(file.toString())).run(List.of(pattern)).get(0);
            assertThat(result.failingRows()).isEqualTo(2000);
            assertThat(result.sample()).hasSize(TableChecks.SAMPLE_ROWS).allSatisfy(row -> assertThat(row.get("code")).isIn("usd", "EURO"));
        }
    }

    @Test
    void checks_on_several_dictionary_encoded_columns_are_judged_in_one_pass_each_with_its_own_count() throws Exception {
        Check codePattern = check("pattern(code)", Check.Type.PATTERN, "code", Optional.of("[A-Z]{3}"), List.of());
        Check codeValues = check("accepted_values(code)", Check.Type.ACCEPTED_VALUES, "code", Optional.empty(), List.of("USD", "EUR"));
        Check sizeValues = check("accepted_values(size)", Check.Type.ACCEPTED_VALUES, "size", Optional.empty(), List.of("S", "M", "L"));
        Path file = dir.resolve("two.parquet");
        try (EngineSession session = Engines.duckDbOnly().named("duckdb").open()) {
            session.writeParquet("SELECT CASE i % 10 WHEN 0 THEN 'usd' WHEN 1 THEN 'GBP' ELSE 'USD' END AS code,"
                    + " CASE i % 4 WHEN 0 THEN 'XL' WHEN 1 THEN 'S' ELSE 'M' END AS size FROM range(10000) t(i)", file);
            assertThat(session.dictionaryEncoded(List.of(file.toString()))).containsExactlyInAnyOrder("code", "size");
            session.view("t", file);
            TableChecks table = new TableChecks(session, "t", "t", LocalDate.of(2026, 11, 1), "t", List.of(file.toString()));
            List<CheckResult> results = table.run(List.of(codePattern, sizeValues, codeValues));
            assertThat(results).extracting(CheckResult::check).containsExactly("pattern(code)", "accepted_values(size)", "accepted_values(code)");
            assertThat(results).extracting(CheckResult::failingRows).as("usd; XL; usd and GBP").containsExactly(1000L, 2500L, 2000L);
            assertThat(table.scans()).as("the fused scan, then one pass for both columns' histograms").isEqualTo(2);
        }
    }

    @Test
    void the_rows_of_many_files_come_from_one_read_of_their_footers_by_the_names_given() throws Exception {
        Path one = dir.resolve("one.parquet");
        Path two = dir.resolve("two.parquet");
        try (EngineSession session = Engines.duckDbOnly().named("duckdb").open()) {
            session.writeParquet("SELECT i FROM range(1200) t(i)", one);
            session.writeParquet("SELECT i FROM range(34) t(i)", two);
            assertThat(session.parquetRowsByFile(List.of(one.toString(), two.toString())))
                    .containsExactly(java.util.Map.entry(one.toString(), 1200L), java.util.Map.entry(two.toString(), 34L));
        }
    }

    private static Check check(String name, Check.Type type, String column, Optional<String> regex, List<String> values) {
        return new Check(name, type, List.of(column), 0, values, Optional.empty(), Optional.empty(), regex, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Check.OnFail.BLOCK, Optional.empty(), Check.Anomaly.DEFAULT, Optional.empty());
    }

    private record Outcome(long duplicates, int scans) {
    }

    private Outcome check(String rows) throws Exception {
        Path file = dir.resolve("t.parquet");
        try (EngineSession session = Engines.duckDbOnly().named("duckdb").open()) {
            session.writeParquet(rows, file);
            session.view("t", file);
            TableChecks table = new TableChecks(session, "t", "t", LocalDate.of(2026, 11, 1), "t", List.of(file.toString()));
            List<CheckResult> results = table.run(List.of(NOT_NULL, UNIQUE));
            CheckResult unique = results.stream().filter(r -> r.check().equals("unique(id)")).findFirst().orElseThrow();
            return new Outcome(unique.failingRows(), table.scans());
        }
    }
}
