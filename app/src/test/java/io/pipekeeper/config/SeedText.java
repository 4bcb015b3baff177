package io.pipekeeper.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** The seed's pipekeeper.yaml as text, and copies of it with one mistake each put in. */
public final class SeedText {
    public static final String RESOURCE = "/io/pipekeeper/demo/seed/pipekeeper.yaml";

    private SeedText() {
    }

    public static String text() {
        try (InputStream in = SeedText.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("the seed is packaged as a resource").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seed with the one place where {@code from} stands replaced by {@code to}. */
    public static String replace(String text, String from, String to) {
        int at = text.indexOf(from);
        assertThat(at).as("'%s' is in the text", from).isGreaterThanOrEqualTo(0);
        assertThat(text.indexOf(from, at + 1)).as("'%s' is in the text once", from).isEqualTo(-1);
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    /** The 1-based line on which {@code fragment} first stands. */
    public static int lineOf(String text, String fragment) {
        int at = text.indexOf(fragment);
        assertThat(at).as("'%s' is in the text", fragment).isGreaterThanOrEqualTo(0);
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    /** Parses text as if it were the seed's file, beside the seed's SQL (in the test class path). */
    public static Catalog load(String text) {
        return new ConfigLoader().parse(seedFile(), "pipekeeper.yaml", text);
    }

    /** The seed's file on disk, in the repository, with its pipelines/ folder beside it. */
    public static Path seedFile() {
        Path repo = Path.of(System.getProperty("pipekeeper.repo", ".."));
        Path seed = repo.resolve("examples/seed/pipekeeper.yaml").toAbsolutePath().normalize();
        assertThat(seed).as("the build tells tests where the repository is (pipekeeper.repo)").isRegularFile();
        return seed;
    }

    /** Writes {@code text} as dir/pipekeeper.yaml with the seed's SQL files beside it; returns the file. */
    public static Path writeTo(Path dir, String text) {
        try {
            Files.createDirectories(dir.resolve("pipelines"));
            try (var sql = Files.list(seedFile().getParent().resolve("pipelines"))) {
                for (Path file : sql.toList()) {
                    Files.copy(file, dir.resolve("pipelines").resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return Files.writeString(dir.resolve("pipekeeper.yaml"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path writeTo(Path dir) {
        return writeTo(dir, text());
    }

    /** The problems found in {@code text}; fails when there are none. */
    public static List<ConfigProblem> problems(String text) {
        try {
            load(text);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the configuration to be refused, but it was accepted");
    }
}
