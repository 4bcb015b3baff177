package io.pipekeeper.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one run of the command line works with: where to print, the environment, and the directory it was
 * started in (relative paths in arguments are relative to it). Tests build one to run commands in-process.
 */
public record Invocation(PrintWriter out, PrintWriter err, Map<String, String> environment, Path workingDir) {
    public Invocation {
        environment = Map.copyOf(environment);
        workingDir = workingDir.toAbsolutePath().normalize();
    }

    public static Invocation ofSystem() {
        return new Invocation(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(),
                Path.of(""));
    }
}
