package io.pipekeeper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the commands that read and answer (the launcher's quick commands) once each, on the seed's team in a
 * folder of its own, so that a JVM started with {@code -XX:ArchiveClassesAtExit} archives every class they load.
 * The launcher does it when it installs a build: an archive written by whichever command happened to come first
 * held that command's classes only ({@code validate} leaves out the store, and {@code oncall now} then started
 * 0.7 s slower than with a full archive).
 */
public final class ClassDataTraining {
    /** Each a command line, run with {@code -c} the seed's file; their output is thrown away. */
    static final List<List<String>> COMMANDS = List.of(
            List.of("validate"),
            List.of("store", "--json"),
            List.of("oncall", "now"),
            List.of("oncall", "now", "--json"),
            List.of("oncall", "handoff"),
            List.of("oncall", "schedule"),
            List.of("oncall", "override", "list"),
            List.of("oncall", "time-off", "list"),
            List.of("incidents"),
            List.of("incidents", "--status", "all", "--json"),
            List.of("runs"),
            List.of("pipelines"),
            List.of("pipelines", "next"),
            List.of("sla", "report"),
            List.of("owners"),
            List.of("audit"),
            List.of("token", "list"),
            List.of("version"));

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("pipekeeper-class-data-");
        List<String> failed;
        try {
            failed = run(dir);
        } finally {
            delete(dir);
        }
        failed.forEach(command -> System.err.println("pipekeeper: class-data training: '" + command + "' failed"));
        System.exit(Cli.OK); // as the commands end: the archive is written at exit, whatever threads a library left
    }

    /** Runs every command on the seed written into {@code dir}; returns those that did not exit with 0. */
    static List<String> run(Path dir) {
        Path config = DemoCommand.writeSeed(dir);
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        Invocation invocation = new Invocation(nowhere, nowhere, Map.of(), dir);
        List<String> failed = new ArrayList<>();
        for (List<String> command : COMMANDS) {
            if (Cli.run(invocation, Stream.concat(Stream.of("-c", config.toString()), command.stream()).toArray(String[]::new)) != Cli.OK) {
                failed.add(String.join(" ", command));
            }
        }
        return failed;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
