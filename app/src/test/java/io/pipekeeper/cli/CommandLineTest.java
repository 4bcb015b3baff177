package io.pipekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipekeeper.config.SeedText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user runs them: what they print, in text and JSON, and their exit codes. */
class CommandLineTest {
    @TempDir
    Path dir;
    private Path seed;

    @BeforeEach
    void writeSeed() throws IOException {
        seed = Files.createDirectories(dir.resolve("team")).resolve("pipekeeper.yaml");
    }

    private void useSeed() {
        SeedText.writeTo(seed.getParent());
    }

    @Test
    void validate_says_ok_with_the_counts() throws IOException {
        useSeed();
        CliRun run = CliRun.of(dir, "-c", "team/pipekeeper.yaml", "validate");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("ok: 5 pipelines, 4 people (2 warnings above)\n");
        assertThat(run.err().lines()).as("the seed configures no channel").hasSize(2).allSatisfy(line -> assertThat(line)
                .matches("team/pipekeeper\\.yaml:\\d+:\\d+: oncall\\.escalation\\[0\\]\\.via\\[\\d\\]: warning: '(email|phone)' is not configured: .*"));
    }

    @Test
    void pipelines_next_lists_run_times_in_the_teams_zone_across_a_clock_change() {
        useSeed();
        CliRun run = CliRun.of(dir, "-c", "team/pipekeeper.yaml", "pipelines", "next", "unit_profit", "--count", "3",
                "--from", "2027-03-13T12:00");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                unit_profit: "0 5 * * *", at 05:00, in America/New_York
                  Sun 2027-03-14 05:00 EDT  computes 2027-03-13
                  Mon 2027-03-15 05:00 EDT  computes 2027-03-14
                  Tue 2027-03-16 05:00 EDT  computes 2027-03-15
                """);
        JsonNode json = CliRun.of(dir, "-c", "team/pipekeeper.yaml", "pipelines", "next", "--count", "2", "--from",
                "2027-03-13T12:00", "--json").json();
        assertThat(json.path("timezone").asText()).isEqualTo("America/New_York");
        assertThat(json.path("pipelines")).hasSize(5);
        JsonNode engagement = json.path("pipelines").get(4);
        assertThat(engagement.path("pipeline").asText()).isEqualTo("aggregate_engagement");
        assertThat(engagement.path("runs").get(0).path("at").asText()).isEqualTo("2027-03-14T05:30-04:00");
        assertThat(engagement.path("runs").get(0).path("utc").asText()).isEqualTo("2027-03-14T09:30:00Z");
        assertThat(CliRun.of(dir, "-c", "team/pipekeeper.yaml", "pipelines", "next", "unit_proft").err())
                .contains("'unit_proft' is not a pipeline (did you mean 'unit_profit'?)");
        assertThat(CliRun.of(dir, "-c", "team/pipekeeper.yaml", "pipelines", "next", "--count", "0").exitCode()).isEqualTo(2);
    }

    @Test
    void the_config_option_is_accepted_after_the_subcommand_too() throws IOException {
        useSeed();
        CliRun run = CliRun.of(dir, "validate", "--config", "team/pipekeeper.yaml");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("ok: 5 pipelines, 4 people");
    }

    @Test
    void the_file_comes_from_the_environment_then_the_working_directory() throws IOException {
        useSeed();
        assertThat(CliRun.of(dir, Map.of("PIPEKEEPER_CONFIG", "team/pipekeeper.yaml"), "validate").exitCode()).isZero();
        assertThat(CliRun.of(dir.resolve("team"), "validate").exitCode()).isZero();
        CliRun nowhere = CliRun.of(dir, "validate");
        assertThat(nowhere.exitCode()).isEqualTo(2);
        assertThat(nowhere.err()).startsWith("pipekeeper.yaml: no such file; pass -c FILE, set PIPEKEEPER_CONFIG");
    }

    @Test
    void five_mistakes_give_five_located_lines_and_exit_code_2_without_a_stack_trace() throws IOException {
        String text = SeedText.text();
        text = SeedText.replace(text, "timezone: America/New_York", "timezone: America/New_Yrok");
        text = SeedText.replace(text, "      primary: emily\n      secondary: john", "      primary: emilly\n      secondary: john");
        text = SeedText.replace(text, "length: 2w\n", "length: fortnight\n");
        text = SeedText.replace(text, "{pipeline: unit_profit,", "{pipeline: unit_proft,");
        text = SeedText.replace(text, "cron: \"0 5 * * *\", deadline: \"07:00\"}\n    inputs: {users",
                "cron: \"0 5 * * * *\", deadline: \"07:00\"}\n    inputs: {users");
        SeedText.writeTo(seed.getParent(), text);

        CliRun run = CliRun.of(dir, "-c", "team/pipekeeper.yaml", "validate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(6).last().isEqualTo("5 problems");
        assertThat(run.err().lines().limit(5)).allMatch(line -> line.matches("team/pipekeeper\\.yaml:\\d+:\\d+: \\S+: .+"));
        assertThat(run.err()).contains(
                "team.timezone: 'America/New_Yrok' is not a time zone (did you mean 'America/New_York'?)",
                "pipelines.aggregate_profit.owners.primary: 'emilly' is not a person in team.people (did you mean 'emily'?)",
                "oncall.rotation.length: 'fortnight' is not valid",
                "pipelines.aggregate_profit.depends_on[0].pipeline: 'unit_proft' is not a pipeline (did you mean 'unit_profit'?)",
                "pipelines.daily_growth.schedule.cron: '0 5 * * * *' is not a five-field UNIX cron");
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void validate_json_lists_the_problems_with_their_positions() throws IOException {
        SeedText.writeTo(seed.getParent(), SeedText.replace(SeedText.text(), "timezone: America/New_York", "timezone: Mars/Olympus"));
        CliRun run = CliRun.of(dir, "-c", seed.toString(), "validate", "--json");
        assertThat(run.exitCode()).isEqualTo(2);
        JsonNode json = run.json();
        assertThat(json.get("ok").asBoolean()).isFalse();
        JsonNode problem = json.get("problems").get(0);
        assertThat(problem.get("line").asInt()).isEqualTo(SeedText.lineOf(SeedText.text(), "timezone: America"));
        assertThat(problem.get("path").asText()).isEqualTo("team.timezone");
        assertThat(problem.get("message").asText()).startsWith("'Mars/Olympus' is not a time zone");
    }

    @Test
    void a_file_that_is_not_yaml_or_not_text_or_a_folder_is_one_clear_line() throws IOException {
        Files.writeString(seed, "team: {name: [unclosed\n");
        CliRun notYaml = CliRun.of(dir, "-c", "team/pipekeeper.yaml", "validate");
        assertThat(notYaml.exitCode()).isEqualTo(2);
        assertThat(notYaml.err()).startsWith("team/pipekeeper.yaml:").contains("not valid YAML");

        Files.write(seed, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41});
        CliRun binary = CliRun.of(dir, "-c", "team/pipekeeper.yaml", "validate");
        assertThat(binary.exitCode()).isEqualTo(2);
        assertThat(binary.err()).startsWith("team/pipekeeper.yaml:1:1: is UTF-16 text").contains("save it as UTF-8");

        CliRun folder = CliRun.of(dir, "-c", "team", "validate");
        assertThat(folder.exitCode()).isEqualTo(2);
        assertThat(folder.err()).startsWith("team: cannot be read");
        assertThat(notYaml.err() + binary.err() + folder.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void owners_json_shows_the_seeds_primaries_and_secondaries() throws IOException {
        useSeed();
        CliRun run = CliRun.of(dir, "-c", "team/pipekeeper.yaml", "owners", "--json");
        assertThat(run.exitCode()).isZero();
        JsonNode pipelines = run.json().get("pipelines");
        assertThat(pipelines).hasSize(5);
        assertThat(owners(pipelines, "unit_profit")).isEqualTo("john/emily");
        assertThat(owners(pipelines, "aggregate_engagement")).isEqualTo("john/emily");
        assertThat(owners(pipelines, "aggregate_profit")).isEqualTo("emily/john");
        assertThat(owners(pipelines, "aggregate_growth")).isEqualTo("michael/david");
        assertThat(owners(pipelines, "daily_growth")).isEqualTo("david/michael");
        assertThat(pipelines.get(1).get("audience").asText()).isEqualTo("investors");
        JsonNode john = run.json().get("people").get(0);
        assertThat(john.get("id").asText()).isEqualTo("john");
        assertThat(john.get("primary").asInt()).isEqualTo(2);
        assertThat(john.get("secondary").asInt()).isEqualTo(1);
        assertThat(john.get("load").asInt()).isEqualTo(5);
        assertThat(run.json().get("warnings")).isEmpty();
    }

    private static String owners(JsonNode pipelines, String id) {
        for (JsonNode pipeline : pipelines) {
            if (pipeline.get("id").asText().equals(id)) {
                return pipeline.get("primary").asText() + "/" + pipeline.get("secondary").asText();
            }
        }
        throw new AssertionError("no pipeline " + id);
    }

    @Test
    void owners_prints_a_table_per_pipeline_and_per_person() throws IOException {
        useSeed();
        CliRun run = CliRun.of(dir, "-c", "team/pipekeeper.yaml", "owners");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains(
                "area        pipeline              audience     primary  secondary",
                "profit      aggregate_profit      investors    emily    john",
                "person   primary  secondary  load",
                "john     2        1          5");
    }

    @Test
    void owners_suggest_is_deterministic_and_gives_a_reason_per_pipeline() throws IOException {
        useSeed();
        CliRun first = CliRun.of(dir, "-c", "team/pipekeeper.yaml", "owners", "suggest", "--json");
        CliRun second = CliRun.of(dir, "-c", "team/pipekeeper.yaml", "owners", "suggest", "--json");
        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).isEqualTo(second.out());
        JsonNode picks = first.json().get("picks");
        assertThat(picks).hasSize(5);
        for (JsonNode pick : picks) {
            assertThat(pick.get("primary").asText()).isNotEqualTo(pick.get("secondary").asText());
            assertThat(pick.get("reason").asText()).endsWith(".").contains(pick.get("primary").asText());
        }
        assertThat(first.json().get("people")).hasSize(4);
    }

    @Test
    void schema_prints_the_published_schema() throws IOException {
        CliRun run = CliRun.of(dir, "schema");
        assertThat(run.exitCode()).isZero();
        Path published = Path.of(System.getProperty("pipekeeper.repo", "..")).resolve("docs/pipekeeper.schema.json");
        assertThat(run.out()).as("docs/pipekeeper.schema.json is the schema the program checks with")
                .isEqualTo(Files.readString(published));
        assertThat(run.json().get("$schema").asText()).contains("2020-12");
    }

    @Test
    void version_names_java_and_the_main_libraries() {
        CliRun run = CliRun.of(dir, "version", "--json");
        assertThat(run.exitCode()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("java").asText()).startsWith(System.getProperty("java.version"));
        assertThat(json.get("libraries").get("h2").asText()).matches("2\\.\\d+\\.\\d+");
        assertThat(json.get("libraries").get("duckdb_jdbc").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(json.get("libraries").get("spark-sql").asText()).as("the optional engine, absent here").isEqualTo("not on the class path");
        assertThat(json.get("libraries").get("flyway-core").asText()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(CliRun.of(dir, "--version").out()).startsWith("pipekeeper ").contains("java ", "h2 ");
    }

    @Test
    void an_unknown_option_is_a_usage_error_with_exit_code_2() {
        CliRun run = CliRun.of(dir, "validate", "--jsno");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--jsno'");
    }

    @Test
    void every_command_has_help() {
        for (String command : new String[] {"demo", "validate", "owners", "store", "schema", "version"}) {
            CliRun run = CliRun.of(dir, command, "--help");
            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).startsWith("Usage: pipekeeper " + command);
        }
        assertThat(CliRun.of(dir, "owners", "suggest", "--help").out()).startsWith("Usage: pipekeeper owners suggest");
    }

    @Test
    void help_command_is_the_same_as_command_help() {
        for (String[] command : new String[][] {{"incident"}, {"validate"}, {"owners", "suggest"}}) {
            CliRun asked = CliRun.of(dir, java.util.stream.Stream.concat(java.util.stream.Stream.of("help"), java.util.Arrays.stream(command)).toArray(String[]::new));
            CliRun flagged = CliRun.of(dir, java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("--help")).toArray(String[]::new));
            assertThat(asked.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(asked.out()).as(String.join(" ", command)).startsWith("Usage: pipekeeper " + String.join(" ", command)).isEqualTo(flagged.out());
        }
        CliRun unknown = CliRun.of(dir, "help", "incidnet");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("pipekeeper: 'incidnet': pipekeeper has no command 'incidnet' (did you mean 'incident'?);"
                + " 'pipekeeper --help' lists them\n");
    }
}
