package io.pipekeeper.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A pipekeeper command in a process of its own, on the class path this benchmark runs on, as a user would start
 * it; its output goes to files beside its configuration. {@link #kill()} is a kill -9.
 */
final class Child implements AutoCloseable {
    /** This JVM's class path with each entry absolute, as the children run in folders of their own. */
    private static final String CLASS_PATH = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));

    /** Children still running when the suite ends (a failed setup, an interrupted run) go with it. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final Process process;
    final Path out;
    final Path err;

    private Child(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static Child start(Path config, Map<String, String> environment, String... args) throws IOException {
        Path dir = config.getParent();
        String name = args[0] + "-" + System.nanoTime();
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", CLASS_PATH, "io.pipekeeper.cli.Main",
                "--config", config.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("PIPEKEEPER_LOG_LEVEL", "WARN");
        builder.environment().putAll(environment);
        Process process = builder.start();
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        return new Child(process, out, err);
    }

    /** Runs a command to its end and gives its exit code. */
    static int run(Path config, Map<String, String> environment, String... args) throws Exception {
        try (Child child = start(config, environment, args)) {
            return child.waitFor(300);
        }
    }

    /** Runs a command to its end and gives its standard output; a failure is an exception with what it said. */
    static String runOutput(Path config, Map<String, String> environment, String... args) throws Exception {
        try (Child child = start(config, environment, args)) {
            int code = child.waitFor(300);
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", args) + " exited " + code + ": " + child.output());
            }
            return Files.readString(child.out);
        }
    }

    /** Waits until its standard output or error contains {@code text}; false if it ended or the time ran out first. */
    boolean awaitOutput(String text, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return output().contains(text);
            }
            Thread.sleep(20);
        }
        return false;
    }

    String output() throws IOException {
        return (Files.exists(out) ? Files.readString(out) : "") + (Files.exists(err) ? Files.readString(err) : "");
    }

    boolean alive() {
        return process.isAlive();
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as Ctrl-C or a service manager stops it. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    int waitFor(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
            throw new IllegalStateException("still running after " + seconds + " s: " + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
