package io.pipekeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.SeedText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server's configuration from its file and its environment: overrides, secret references, {@code config show}. */
class ConfigShowTest {
    @TempDir
    Path dir;

    private static final String CHANNELS = """
            channels:
              email:
                smtp: {host: smtp.example.com, port: 587, security: starttls, user: pipekeeper, password: "${env:SMTP_PASSWORD}"}
                from: pipekeeper@example.com
              phone:
                twilio: {account_sid: AC123, auth_token: "written-in-the-file", from: "+15550100000"}
              webhook: {url: "https://hooks.example.com/p", secret: "${file:/run/secrets/pipekeeper_webhook}"}
              slack:
                app: {bot_token: "xoxb-written-in-the-file", signing_secret: "signed-in-the-file", channel: C0TEAM01}
            """;

    private void writeConfig() {
        SeedText.writeTo(dir, SeedText.text().replace("\nseverities:", "\n" + CHANNELS + "\nseverities:"));
    }

    @Test
    void show_masks_secrets_written_in_the_file_and_shows_references_with_whether_they_resolve_here() {
        writeConfig();

        CliRun run = CliRun.of(dir, Map.of("SMTP_PASSWORD", "hunter2"), "config", "show");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("# the configuration pipekeeper runs with: " + dir.resolve("pipekeeper.yaml") + ", secrets masked\n")
                .contains("# store in use: jdbc:h2:file:" + dir.resolve(".pipekeeper/pipekeeper"))
                .contains("# ${env:SMTP_PASSWORD}: set\n")
                .contains("# ${file:/run/secrets/pipekeeper_webhook}: NO SUCH FILE here\n")
                .contains("password: \"${env:SMTP_PASSWORD}\"", "auth_token: '********'", "account_sid: AC123", "timezone: America/New_York")
                .contains("bot_token: '********'", "signing_secret: '********'", "channel: C0TEAM01")
                .doesNotContain("hunter2", "written-in-the-file", "signed-in-the-file");
    }

    @Test
    void the_environment_overrides_the_store_and_base_url_and_a_password_in_the_url_is_masked() {
        writeConfig();
        Map<String, String> environment = Map.of("PIPEKEEPER_STORE_URL", "jdbc:postgresql://db.internal:5432/pk?user=pk&password=s3cret",
                "PIPEKEEPER_BASE_URL", "https://pipekeeper.example.com", "PIPEKEEPER_STORE_USER", "pk", "PIPEKEEPER_STORE_PASSWORD", "other");

        CliRun run = CliRun.of(dir, environment, "config", "show", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json().at("/overrides/store").asText()).isEqualTo("PIPEKEEPER_STORE_URL");
        assertThat(run.json().at("/overrides/base_url").asText()).isEqualTo("PIPEKEEPER_BASE_URL");
        assertThat(run.json().at("/config/base_url").asText()).isEqualTo("https://pipekeeper.example.com");
        assertThat(run.json().at("/config/store").asText()).isEqualTo("jdbc:postgresql://db.internal:5432/pk?user=pk&password=********");
        assertThat(run.json().at("/store").asText())
                .isEqualTo("jdbc:postgresql://db.internal:5432/pk?user=pk&password=******** as pk, password from $PIPEKEEPER_STORE_PASSWORD");
        assertThat(run.out()).doesNotContain("s3cret", "other");
    }

    @Test
    void a_bad_override_is_reported_as_the_variables_and_exits_2() {
        writeConfig();

        CliRun run = CliRun.of(dir, Map.of("PIPEKEEPER_BASE_URL", "pipekeeper.example.com"), "validate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("$PIPEKEEPER_BASE_URL: base_url: 'pipekeeper.example.com' is not valid").doesNotContain("Exception");
    }

    @Test
    void serve_takes_its_port_from_the_environment_and_a_bad_one_is_bad_input() throws Exception {
        writeConfig();

        CliRun run = CliRun.of(dir, Map.of("PIPEKEEPER_PORT", "eighty"), "serve");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("pipekeeper: PIPEKEEPER_PORT: 'eighty' is not a port; use 1 to 65535, or 0 for any free port\n");
        assertThat(Files.exists(dir.resolve(".pipekeeper"))).as("nothing was opened").isFalse();
    }

    @Test
    void its_help_names_the_reference_syntax_instead_of_resolving_it() {
        CliRun help = CliRun.of(dir, "help", "config", "show");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("${env:NAME}", "${file:PATH}").doesNotContain("null");
    }
}
