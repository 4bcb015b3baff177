package io.pipekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipekeeper.config.SeedText;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** alert raise and resolve from a script, by key per pipeline (PagerDuty Events v2), and incident escalate. */
class AlertCommandsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        SeedText.writeTo(dir);
    }

    private CliRun ok(String... args) {
        CliRun run = CliRun.of(dir, args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    private CliRun raise(String pipeline, String key, String summary) {
        return ok("alert", "raise", "--pipeline", pipeline, "--severity", "major", "--key", key, "--summary", summary);
    }

    @Test
    void a_key_names_one_problem_of_one_pipeline_and_raising_it_again_pages_nobody() {
        assertThat(raise("aggregate_profit", "ingest-lag", "lag high").out()).startsWith("incident #1 opened [major] for ingest-lag on aggregate_profit");
        assertThat(raise("aggregate_profit", "ingest-lag", "lag very high").out())
                .startsWith("incident #1 is already open for ingest-lag on aggregate_profit [triggered]: added to it, nobody paged");
        assertThat(raise("aggregate_profit", "ingest-dlq", "lag high").out()).startsWith("incident #2 opened");
        assertThat(raise("daily_growth", "ingest-lag", "lag high").out()).as("keys are per pipeline").startsWith("incident #3 opened");
        ok("incident", "ack", "1", "--by", "john");
        JsonNode again = ok("alert", "raise", "--pipeline", "aggregate_profit", "--severity", "major", "--key", "ingest-lag",
                "--summary", "lag higher still", "--json").json();
        assertThat(again.get("id").asLong()).isEqualTo(1);
        assertThat(again.get("deduplicated").asBoolean()).isTrue();
        assertThat(again.get("status").asText()).as("an acknowledged incident takes its key's repeats too").isEqualTo("acknowledged");

        JsonNode first = ok("incident", "show", "1", "--json").json();
        assertThat(first.get("title").asText()).as("the incident keeps its first summary").isEqualTo("lag high");
        assertThat(first.get("severity").asText()).isEqualTo("major");
        assertThat(ok("incident", "show", "1").out()).contains("lag very high", "lag higher still");
        assertThat(ok("incidents", "--json").json().get("incidents")).hasSize(3);
    }

    @Test
    void resolving_a_key_resolves_its_incident_and_the_key_raised_again_opens_a_new_one() {
        raise("aggregate_profit", "ingest-lag", "lag high");
        raise("aggregate_profit", "ingest-dlq", "dead letters");
        assertThat(ok("alert", "resolve", "--pipeline", "aggregate_profit", "--key", "ingest-lag").out()).startsWith("incident #1 resolved");
        assertThat(ok("incident", "show", "2", "--json").json().get("status").asText()).as("the other key's stays open").isEqualTo("triggered");
        assertThat(ok("alert", "resolve", "--pipeline", "aggregate_profit", "--key", "no-such-key").out())
                .startsWith("no open incident for no-such-key on aggregate_profit; nothing to resolve");
        assertThat(ok("incidents", "--status", "all", "--json").json().get("incidents")).hasSize(2);
        assertThat(raise("aggregate_profit", "ingest-lag", "lag high again").out()).startsWith("incident #3 opened");
    }

    @Test
    void a_wrong_pipeline_or_severity_is_refused_with_exit_2() {
        CliRun pipeline = CliRun.of(dir, "alert", "raise", "--pipeline", "agregate_profit", "--severity", "major", "--key", "k", "--summary", "s");
        assertThat(pipeline.exitCode()).isEqualTo(2);
        assertThat(pipeline.err()).contains("agregate_profit").contains("aggregate_profit");
        CliRun severity = CliRun.of(dir, "alert", "raise", "--pipeline", "aggregate_profit", "--severity", "urgent", "--key", "k", "--summary", "s");
        assertThat(severity.exitCode()).isEqualTo(2);
        assertThat(severity.err()).contains("'urgent' is not a severity; the severities are critical, major, minor");
        assertThat(ok("incidents", "--status", "all", "--json").json().get("incidents")).isEmpty();
    }

    @Test
    void escalating_pages_the_next_step_now_and_triggers_an_acknowledged_incident_again() {
        raise("aggregate_profit", "ingest-lag", "lag high");
        ok("incident", "ack", "1", "--by", "john");

        assertThat(ok("incident", "escalate", "1", "--by", "john").out())
                .startsWith("incident #1 escalated by john: step 2 (after 50%): paging emily");
        JsonNode escalated = ok("incident", "show", "1", "--json").json();
        assertThat(escalated.get("status").asText()).isEqualTo("triggered");
        assertThat(ok("incident", "show", "1").out()).contains("escalated by john; it was acknowledged by john and is triggered again");

        assertThat(ok("incident", "escalate", "1", "--by", "emily").out()).as("aggregate_profit's owners")
                .contains("step 3 (after 100%): paging emily (no configured channel reaches them); john");
        CliRun done = CliRun.of(dir, "incident", "escalate", "1", "--by", "emily");
        assertThat(done.exitCode()).isEqualTo(2);
        assertThat(done.err()).contains("incident #1 has paged every step of its policy (3)");
        ok("incident", "resolve", "1", "--by", "emily");
        CliRun resolved = CliRun.of(dir, "incident", "escalate", "1", "--by", "emily");
        assertThat(resolved.exitCode()).isEqualTo(2);
        assertThat(resolved.err()).contains("incident #1 is resolved");
    }
}
