package io.pipekeeper.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Collections;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Prints pipekeeper's version, the Java runtime and the versions of the main libraries on the class path.")
final class VersionCommand extends BaseCommand {
    /** The libraries whose versions matter when something misbehaves, each with a class of its own. */
    private static final Map<String, String> LIBRARIES = orderedMap(
            "duckdb_jdbc", "org.duckdb.DuckDBDriver",
            // The optional engine: "not on the class path" unless started with PIPEKEEPER_SPARK=1.
            "spark-sql", "org.apache.spark.sql.SparkSession",
            "h2", "org.h2.Driver",
            "postgresql", "org.postgresql.Driver",
            "flyway-core", "org.flywaydb.core.Flyway",
            "jdbi3-core", "org.jdbi.v3.core.Jdbi",
            "HikariCP", "com.zaxxer.hikari.HikariDataSource",
            "jackson-databind", "com.fasterxml.jackson.databind.ObjectMapper",
            "jackson-dataformat-yaml", "com.fasterxml.jackson.dataformat.yaml.YAMLFactory",
            "json-schema-validator", "com.networknt.schema.Schema",
            "picocli", "picocli.CommandLine",
            "cron-utils", "com.cronutils.parser.CronParser",
            "jollyday-core", "de.focus_shift.jollyday.core.HolidayManager",
            "timefold-solver-core", "ai.timefold.solver.core.api.solver.Solver",
            "slf4j-api", "org.slf4j.Logger",
            "logback-classic", "ch.qos.logback.classic.Logger");

    @Option(names = "--json", description = "Print one JSON document: {pipekeeper, java, libraries}.")
    boolean json;

    @Override
    public Integer call() {
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("pipekeeper", pipekeeperVersion());
            result.put("java", javaVersion());
            result.put("libraries", libraries());
            printJson(result);
        } else {
            for (String line : new Provider().getVersion()) {
                out().println(line);
            }
        }
        return Cli.OK;
    }

    static String pipekeeperVersion() {
        return io.pipekeeper.Version.of();
    }

    static String javaVersion() {
        return System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.home") + ")";
    }

    /** Library → version, read from the jar that holds the library's class (its manifest, else its Maven metadata). */
    static Map<String, String> libraries() {
        Map<String, String> versions = new LinkedHashMap<>();
        LIBRARIES.forEach((name, className) -> versions.put(name, versionOfJarHolding(className)));
        return versions;
    }

    private static String versionOfJarHolding(String className) {
        try {
            Class<?> type = Class.forName(className, false, VersionCommand.class.getClassLoader());
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null || !source.getLocation().getPath().endsWith(".jar")) {
                return "unknown";
            }
            try (JarFile jar = new JarFile(Path.of(source.getLocation().toURI()).toFile())) {
                Manifest manifest = jar.getManifest();
                if (manifest != null) {
                    Attributes main = manifest.getMainAttributes();
                    for (String key : List.of("Bundle-Version", "Implementation-Version")) {
                        if (main.getValue(key) != null) {
                            return main.getValue(key);
                        }
                    }
                }
                return jar.stream()
                        .filter(entry -> entry.getName().startsWith("META-INF/maven/") && entry.getName().endsWith("/pom.properties"))
                        .findFirst()
                        .map(entry -> {
                            Properties properties = new Properties();
                            try (InputStream in = jar.getInputStream(entry)) {
                                properties.load(in);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            return properties.getProperty("version", "unknown");
                        })
                        .orElse("unknown");
            }
        } catch (ClassNotFoundException e) {
            return "not on the class path";
        } catch (IOException | URISyntaxException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    private static Properties properties(String resource) {
        Properties properties = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream(resource)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** Answers {@code pipekeeper --version} with the same lines as {@code pipekeeper version}. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            List<String> lines = new ArrayList<>();
            lines.add("pipekeeper " + pipekeeperVersion());
            lines.add("java " + javaVersion());
            libraries().forEach((name, version) -> lines.add(String.format("  %-26s %s", name, version)));
            return lines.toArray(String[]::new);
        }
    }
}
