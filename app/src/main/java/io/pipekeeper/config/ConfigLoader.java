package io.pipekeeper.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds, reads and validates pipekeeper.yaml, reporting every problem at once. */
public final class ConfigLoader {
    public static final String ENV_VARIABLE = "PIPEKEEPER_CONFIG";
    public static final String DEFAULT_NAME = "pipekeeper.yaml";

    /** An environment variable that, set and not blank, replaces a top-level key of the file (servers configured by their environment). */
    public record EnvironmentOverride(String variable, String key) {
    }

    public static final List<EnvironmentOverride> OVERRIDES = List.of(new EnvironmentOverride("PIPEKEEPER_STORE_URL", "store"), new EnvironmentOverride("PIPEKEEPER_BASE_URL", "base_url"));

    private final ConfigSchema schema = ConfigSchema.load();
    private final Set<String> engines;
    private final Map<String, String> environment;

    /** A loader for a class path with DuckDB alone: a pipeline on another engine is an error that says how to add it. */
    public ConfigLoader() {
        this(Set.of());
    }

    /** A loader that accepts pipelines on DuckDB and on {@code engines}, the engines on the class path besides it. */
    public ConfigLoader(Set<String> engines) {
        this(engines, Map.of());
    }

    private ConfigLoader(Set<String> engines, Map<String, String> environment) {
        this.engines = Set.copyOf(engines);
        this.environment = Map.copyOf(environment);
    }

    /** This loader, with {@link #OVERRIDES} read from {@code environment} (a variable set and not blank wins over the file). */
    public ConfigLoader withEnvironment(Map<String, String> environment) {
        return new ConfigLoader(engines, environment);
    }

    /**
     * The file to read: {@code explicit} when given, else {@code $PIPEKEEPER_CONFIG}, else ./pipekeeper.yaml.
     */
    public static Path locate(Optional<Path> explicit, Map<String, String> environment, Path workingDir) {
        if (explicit.isPresent()) {
            return workingDir.resolve(explicit.get());
        }
        String fromEnvironment = environment.get(ENV_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return workingDir.resolve(fromEnvironment);
        }
        return workingDir.resolve(DEFAULT_NAME);
    }

    /**
     * Reads and validates the file.
     *
     * @param shownAs how messages name the file (as the user wrote it)
     * @throws ConfigException with every problem, sorted by line
     */
    public Catalog load(Path file, String shownAs) {
        return loadWithWarnings(file, shownAs).catalog();
    }

    /** Reads and validates the file, with what {@code validate} warns of in a valid one. */
    public Loaded loadWithWarnings(Path file, String shownAs) {
        return parseWithWarnings(file, shownAs, read(file, shownAs));
    }

    private static String read(Path file, String shownAs) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > ConfigText.MAX_BYTES) {
                throw ConfigText.tooLarge(shownAs, size);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw fileProblem(shownAs, "no such file; pass -c FILE, set " + ENV_VARIABLE
                    + ", or run where a pipekeeper.yaml is (start from examples/seed/pipekeeper.yaml)");
        } catch (IOException e) {
            throw fileProblem(shownAs, "cannot be read: " + e.getMessage());
        }
        return ConfigText.decode(shownAs, bytes);
    }

    /** A valid configuration, and what {@code validate} warns of in it. */
    public record Loaded(Catalog catalog, List<ConfigProblem> warnings) {
        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }

    /** Validates YAML text as if read from {@code file}. */
    public Catalog parse(Path file, String shownAs, String text) {
        return parseWithWarnings(file, shownAs, text).catalog();
    }

    /** Validates YAML text as if read from {@code file}, with what {@code validate} warns of. */
    public Loaded parseWithWarnings(Path file, String shownAs, String text) {
        YamlDocument document = document(shownAs, text);
        List<ConfigProblem> problems = new ArrayList<>(document.problems());
        problems.addAll(schema.check(document));
        CatalogReader reader = new CatalogReader(document, file, engines);
        Catalog catalog = reader.read();
        problems.addAll(reader.problems());
        if (!problems.isEmpty()) {
            throw new ConfigException(onePerPath(problems));
        }
        return new Loaded(catalog, ChannelWarnings.of(catalog, document));
    }

    /** The file's tree as the catalog is read from it: with the environment's overrides, not yet validated. */
    YamlDocument document(String shownAs, String text) {
        YamlDocument document = YamlDocument.parse(shownAs, text);
        for (EnvironmentOverride override : OVERRIDES) {
            String value = environment.get(override.variable());
            if (value != null && !value.isBlank()) {
                document = document.overriding(override.key(), value.strip(), override.variable());
            }
        }
        return document;
    }

    /**
     * The effective configuration in {@code file}, validated: its tree with the environment's overrides, for
     * {@code config show}.
     *
     * @throws ConfigException as {@link #load} does
     */
    public YamlDocument effective(Path file, String shownAs) {
        String text = read(file, shownAs);
        parseWithWarnings(file, shownAs, text);
        return document(shownAs, text);
    }

    public ConfigSchema schema() {
        return schema;
    }

    /** The schema and the reader may both see a bad value; one message per place is enough. */
    private static List<ConfigProblem> onePerPath(List<ConfigProblem> problems) {
        Set<String> seen = new HashSet<>();
        List<ConfigProblem> unique = new ArrayList<>();
        for (ConfigProblem problem : problems) {
            if (seen.add(problem.path() + "|" + problem.line() + ":" + problem.column())) {
                unique.add(problem);
            }
        }
        unique.sort(ConfigProblem.BY_POSITION);
        return unique;
    }

    private static ConfigException fileProblem(String shownAs, String message) {
        return new ConfigException(List.of(new ConfigProblem(shownAs, 0, 0, ConfigPath.ROOT, message)));
    }
}
