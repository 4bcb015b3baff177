package io.pipekeeper.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Check;
import io.pipekeeper.pipeline.EngineSession;
import io.pipekeeper.pipeline.Engines;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Duplicates of a one-column key: by a bitmap in the fused scan when the key is dense, by hashing in a pass of its own when not. */
class UniqueKeysTest {
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

    private record Outcome(long duplicates, int scans) {
    }

    private Outcome check(String rows) throws Exception {
        Path file = dir.resolve("t.parquet");
        try (EngineSession session = Engines.duckDbOnly().named("duckdb").open()) {
            session.writeParquet(rows, file);
            session.view("t", file);
            TableChecks table = new TableChecks(session, "t", "t", LocalDate.of(2026, 11, 1), "t", List.of(file));
            List<CheckResult> results = table.run(List.of(NOT_NULL, UNIQUE));
            CheckResult unique = results.stream().filter(r -> r.check().equals("unique(id)")).findFirst().orElseThrow();
            return new Outcome(unique.failingRows(), table.scans());
        }
    }
}
