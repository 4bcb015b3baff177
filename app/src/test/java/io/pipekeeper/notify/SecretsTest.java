package io.pipekeeper.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipekeeper.PipekeeperException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    @TempDir
    Path dir;

    @Test
    void a_file_reference_reads_the_file_each_time_without_its_last_line_break() throws Exception {
        Path secret = Files.writeString(dir.resolve("twilio_token"), "tok-1\n");
        String written = "${file:" + secret + "}";

        assertThat(Secrets.resolve(written, Map.of(), "channels.phone")).isEqualTo("tok-1");
        Files.writeString(secret, "tok-2\r\n");
        assertThat(Secrets.resolve(written, Map.of(), "channels.phone")).as("a rotated secret is used at once").isEqualTo("tok-2");
        Files.writeString(secret, "two\nlines\n\n");
        assertThat(Secrets.resolve(written, Map.of(), "channels.phone")).as("only one line break is dropped").isEqualTo("two\nlines\n");
    }

    @Test
    void references_mix_in_one_value_and_a_missing_file_is_named_never_a_value() throws Exception {
        Path user = Files.writeString(dir.resolve("user"), "alerts");
        assertThat(Secrets.resolve("https://${file:" + user + "}:${env:PASS}@hooks.example.com", Map.of("PASS", "p"), "channels.webhook"))
                .isEqualTo("https://alerts:p@hooks.example.com");

        assertThatThrownBy(() -> Secrets.resolve("${file:" + dir.resolve("missing") + "}", Map.of(), "channels.email"))
                .isInstanceOf(PipekeeperException.class)
                .hasMessage("the secret file " + dir.resolve("missing") + " does not exist; channels.email needs it");
        assertThat(Secrets.isReference("${file:/run/secrets/x}")).isTrue();
        assertThat(Secrets.isReference("plain")).isFalse();
    }
}
