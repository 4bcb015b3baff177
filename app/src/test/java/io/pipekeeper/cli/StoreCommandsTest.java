package io.pipekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.store.StoreLocation;
import io.pipekeeper.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Moving off the embedded store: store copy to a real PostgreSQL, and H2 backups restored. */
class StoreCommandsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void aTeamWithHistory() {
        SeedText.writeTo(dir);
        ok(Map.of(), "alert", "raise", "--pipeline", "aggregate_profit", "--severity", "major", "--key", "lag", "--summary", "lag high");
        ok(Map.of(), "alert", "raise", "--pipeline", "daily_growth", "--severity", "critical", "--key", "dlq", "--summary", "dead letters");
        ok(Map.of(), "incident", "ack", "1", "--by", "john");
        ok(Map.of(), "token", "create", "--name", "ci", "--role", "viewer");
    }

    private CliRun ok(Map<String, String> environment, String... args) {
        CliRun run = CliRun.of(dir, environment, args);
        assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
        return run;
    }

    @Test
    void copy_moves_everything_to_postgresql_where_the_team_carries_on_and_a_second_copy_is_refused() {
        StoreLocation postgres = TestDatabases.freshPostgres();
        Map<String, String> onPostgres = Map.of("PIPEKEEPER_STORE_URL", postgres.url(), "PIPEKEEPER_STORE_USER", "postgres");
        JsonNode before = ok(Map.of(), "incidents", "--json").json();

        CliRun copy = ok(Map.of(), "store", "copy", "--to", postgres.url(), "--to-user", "postgres");

        assertThat(copy.out()).contains("incidents ", "outbox ", "api_tokens ", "audit_log ", "scheduled_tasks ")
                .containsPattern("copied [0-9,]+ rows in \\d+ tables from jdbc:h2:file:.* to jdbc:postgresql://.*; counts match on both sides");
        assertThat(ok(onPostgres, "store").out()).contains("database: PostgreSQL");
        assertThat(ok(onPostgres, "incidents", "--json").json()).as("the same incidents, read from PostgreSQL").isEqualTo(before);
        assertThat(ok(onPostgres, "incident", "show", "1").out()).contains("acknowledged", "john");
        assertThat(ok(onPostgres, "token", "list").out()).contains("ci");
        assertThat(ok(onPostgres, "alert", "raise", "--pipeline", "unit_profit", "--severity", "minor", "--key", "k", "--summary", "new").out())
                .as("ids go on after the copied ones").startsWith("incident #3 opened");

        CliRun again = CliRun.of(dir, Map.of(), "store", "copy", "--to", postgres.url(), "--to-user", "postgres");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).startsWith("pipekeeper: the target jdbc:postgresql://").contains("already holds rows (", "incidents 3")
                .contains("a copy fills an empty database only");
    }

    @Test
    void a_backup_restores_into_a_new_store_and_never_over_an_existing_one() throws Exception {
        JsonNode before = ok(Map.of(), "incidents", "--json").json();
        assertThat(ok(Map.of(), "store", "backup", "backups/monday.sql.gz").out()).startsWith("backed up jdbc:h2:file:");
        assertThat(dir.resolve("backups/monday.sql.gz")).isNotEmptyFile();

        CliRun refused = CliRun.of(dir, Map.of(), "store", "restore", "backups/monday.sql.gz");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("already exists; a restore makes a new store only");

        Files.move(dir.resolve(".pipekeeper"), dir.resolve("old-store"));
        assertThat(ok(Map.of(), "store", "restore", "backups/monday.sql.gz").out()).startsWith("restored jdbc:h2:file:").contains("schema version");
        assertThat(ok(Map.of(), "incidents", "--json").json()).isEqualTo(before);
        assertThat(ok(Map.of(), "alert", "raise", "--pipeline", "unit_profit", "--severity", "minor", "--key", "k", "--summary", "new").out())
                .startsWith("incident #3 opened");

        CliRun missing = CliRun.of(dir, Map.of(), "store", "restore", "backups/tuesday.sql.gz");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read the backup").contains("no such file");
    }
}
