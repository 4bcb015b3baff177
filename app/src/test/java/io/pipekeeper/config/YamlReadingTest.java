package io.pipekeeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the file's text is read before any rule: documents, anchors, merge keys, encodings, sizes. Every refusal has a line. */
class YamlReadingTest {
    private static final String SEED = SeedText.text();

    @TempDir
    Path dir;

    private static ConfigProblem only(String text) {
        List<ConfigProblem> problems = SeedText.problems(text);
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    private ConfigProblem onlyFromBytes(byte[] bytes) throws Exception {
        Path file = SeedText.writeTo(dir);
        Files.write(file, bytes);
        try {
            new ConfigLoader().load(file, "pipekeeper.yaml");
        } catch (ConfigException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("expected the file to be refused");
    }

    @Test
    void a_second_document_is_refused_where_it_starts_not_silently_ignored() {
        String text = SEED + "---\nteam: {name: Someone else}\n";
        ConfigProblem problem = only(text);
        assertThat(problem.line()).isEqualTo(SeedText.lineOf(text, "team: {name: Someone else}"));
        assertThat(problem.message()).contains("a second YAML document starts here", "remove the '---' line");
        assertThat(SeedText.load("---\n" + SEED).people()).as("a '---' before the only document is fine").hasSize(4);
    }

    @Test
    void an_alias_to_no_anchor_says_so_at_the_alias() {
        String text = SeedText.replace(SEED, "storage: {raw: data/raw, warehouse: data/warehouse, quarantine: data/quarantine}",
                "storage: *paths");
        ConfigProblem problem = only(text);
        assertThat(problem.line()).isEqualTo(SeedText.lineOf(text, "storage: *paths"));
        assertThat(problem.column()).isEqualTo(10);
        assertThat(problem.message()).isEqualTo("'*paths' refers to no anchor; write '&paths' on a value above this line (an anchor must come"
                + " before its aliases)");
    }

    @Test
    void merge_keys_take_defaults_from_an_anchor_and_keys_written_beside_them_win() {
        String text = SeedText.replace(SEED, "    - {after: 0m,   notify: [oncall.primary],                    via: [email, phone]}\n"
                        + "    - {after: 50%,  notify: [oncall.secondary],                  via: [email, phone]}\n",
                "    - &page {after: 0m, notify: [oncall.primary], via: [email, phone]}\n"
                        + "    - <<: *page\n"
                        + "      after: 50%\n"
                        + "      notify: [oncall.secondary]\n");
        Catalog catalog = SeedText.load(text);
        EscalationStep second = catalog.oncall().escalation().steps().get(1);
        assertThat(second.after().toString()).isEqualTo("50%");
        assertThat(second.targets()).extracting(Object::toString).containsExactly("secondary");
        assertThat(second.via()).as("from the anchor").containsExactly("email", "phone");

        // A mistake in merged text is reported where that text is written: at the anchor.
        String wrong = text.replace("&page {after: 0m, notify: [oncall.primary], via: [email, phone]}",
                "&page {after: 0m, notify: [oncall.primary], via: [email, pager]}");
        List<ConfigProblem> problems = SeedText.problems(wrong);
        assertThat(problems).extracting(ConfigProblem::path).extracting(Object::toString)
                .contains("oncall.escalation[0].via[1]", "oncall.escalation[1].via[1]");
        assertThat(problems).allSatisfy(p -> assertThat(p.line()).isEqualTo(SeedText.lineOf(wrong, "&page")));
        assertThat(SeedText.problems(text.replace("    - <<: *page\n", "    - <<: oncall\n")))
                .anySatisfy(p -> assertThat(p.message()).startsWith("'<<' merges mappings into this one"));
    }

    @Test
    void aliases_that_multiply_are_stopped_with_a_line() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            bomb.append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        ConfigProblem problem = only(SEED + bomb);
        assertThat(problem.line()).isPositive();
        assertThat(problem.message()).contains("once aliases are expanded");
    }

    @Test
    void a_tab_used_for_indentation_is_named_at_its_own_line() {
        String text = SeedText.replace(SEED, "  name: Data Engineering", "\tname: Data Engineering");
        ConfigProblem problem = only(text);
        assertThat(problem.line()).isEqualTo(SeedText.lineOf(text, "\tname: Data Engineering"));
        assertThat(problem.message()).isEqualTo("a tab character; YAML indents with spaces only: replace the tab with spaces");
    }

    @Test
    void too_deep_a_nesting_is_refused_at_the_level_that_passes_the_limit() {
        ConfigProblem problem = only(SEED + "extra: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
        assertThat(problem.line()).isEqualTo(SeedText.lineOf(SEED + "extra: ", "extra: "));
        assertThat(problem.column()).isEqualTo(8 + YamlDocument.MAX_DEPTH);
        assertThat(problem.message()).startsWith("nested deeper than 64 levels");
    }

    @Test
    void utf16_with_and_without_a_byte_order_mark_binary_and_latin1_files_get_a_line_and_what_to_do() throws Exception {
        assertThat(onlyFromBytes(SEED.getBytes(StandardCharsets.UTF_16))).satisfies(p -> {
            assertThat(p.toString()).startsWith("pipekeeper.yaml:1:1: ");
            assertThat(p.message()).isEqualTo("is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8");
        });
        assertThat(onlyFromBytes(SEED.getBytes(StandardCharsets.UTF_16LE)).message()).contains("it is UTF-16 text; save it as UTF-8");
        byte[] binary = new byte[4096];
        new java.util.Random(16).nextBytes(binary);
        binary[0] = 'a';
        assertThat(onlyFromBytes(binary).line()).isPositive();
        String latin1 = SeedText.replace(SEED, "name: Data Engineering", "name: Données");
        ConfigProblem problem = onlyFromBytes(latin1.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(problem.line()).isEqualTo(SeedText.lineOf(latin1, "name: Données"));
        assertThat(problem.column()).isEqualTo(latin1.lines().filter(l -> l.contains("Données")).findFirst().orElseThrow().indexOf('é') + 1);
        assertThat(problem.message()).isEqualTo("byte 0xE9 is not UTF-8 text (a Latin-1 or binary file?); save the file as UTF-8");
        assertThat(new ConfigLoader().load(write(("\uFEFF" + SEED).getBytes(StandardCharsets.UTF_8)), "pipekeeper.yaml").people())
                .as("a UTF-8 byte-order mark is fine").hasSize(4);
    }

    @Test
    void a_file_too_large_to_be_a_configuration_is_refused_before_it_is_read() throws Exception {
        Path file = write(SEED.getBytes(StandardCharsets.UTF_8));
        try (var out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            byte[] comment = ("# " + "x".repeat(1000) + "\n").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 2000; i++) {
                out.write(comment);
            }
        }
        assertThatThrownBy(() -> new ConfigLoader().load(file, "pipekeeper.yaml")).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).singleElement().asString().startsWith("pipekeeper.yaml:1:1: is 1.9 MB; a pipekeeper.yaml is at most 1024 KB"));
    }

    @Test
    void validate_warns_of_channels_a_step_pages_by_that_are_not_configured() throws Exception {
        ConfigLoader.Loaded seed = new ConfigLoader().parseWithWarnings(SeedText.seedFile(), "pipekeeper.yaml", SEED);
        assertThat(seed.warnings()).extracting(ConfigProblem::toString).containsExactly(
                "pipekeeper.yaml:" + SeedText.lineOf(SEED, "- {after: 0m,") + ":72: oncall.escalation[0].via[0]: 'email' is not configured: "
                        + "3 escalation step(s) page by it and reach nobody that way; add channels.email with an SMTP server and a from "
                        + "address (docs/paging.md), or take email out of via",
                "pipekeeper.yaml:" + SeedText.lineOf(SEED, "- {after: 0m,") + ":79: oncall.escalation[0].via[1]: 'phone' is not configured: "
                        + "3 escalation step(s) page by it and reach nobody that way; add channels.phone with Twilio's account (docs/paging.md), "
                        + "or take phone out of via");

        String slackStep = SeedText.replace(SEED, "    sql: pipelines/aggregate_growth.sql\n", "    sql: pipelines/aggregate_growth.sql\n"
                + "    escalation:\n      steps:\n        - {after: 0m, notify: [team], via: [slack]}\n");
        assertThat(new ConfigLoader().parseWithWarnings(SeedText.seedFile(), "pipekeeper.yaml", slackStep).warnings())
                .as("a pipeline's own policy is checked too").extracting(ConfigProblem::toString).contains("pipekeeper.yaml:"
                        + (SeedText.lineOf(slackStep, "- {after: 0m, notify: [team]")) + ":45: pipelines.aggregate_growth.escalation.steps[0].via[0]: "
                        + "'slack' is not configured: 1 escalation step(s) page by it and reach nobody that way; add channels.slack with an "
                        + "incoming webhook or an app (docs/paging.md), or take slack out of via");

        String phoneOnly = SeedText.replace(SEED, "version: 1\n", "version: 1\nchannels:\n  phone:\n    twilio: {account_sid: AC1, "
                + "auth_token: \"${env:TWILIO_TOKEN}\", from: \"+15550100000\"}\n");
        phoneOnly = SeedText.replace(phoneOnly, "      phone: \"+15550100004\"\n", "");
        List<ConfigProblem> warnings = new ConfigLoader().parseWithWarnings(SeedText.seedFile(), "pipekeeper.yaml", phoneOnly).warnings();
        assertThat(warnings).extracting(ConfigProblem::message).anySatisfy(m -> assertThat(m).startsWith("david has no phone, and the phone is "
                + "the only configured way the escalation pages people"));
    }

    private Path write(byte[] bytes) throws Exception {
        Path file = SeedText.writeTo(dir);
        Files.write(file, bytes);
        return file;
    }
}
