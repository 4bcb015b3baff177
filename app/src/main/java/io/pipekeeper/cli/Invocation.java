package io.pipekeeper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one run of the command line works with: where to print, whether standard error is a terminal (progress
 * bars are drawn only there), the environment, and the directory it was started in (relative paths in arguments
 * are relative to it). Tests build one to run commands in-process.
 */
public record Invocation(PrintWriter out, PrintWriter err, boolean errIsTerminal, Map<String, String> environment, Path workingDir) {
    /** Set by the launcher, which can ask the shell: 1 when standard error is a terminal, 0 when not. */
    static final String STDERR_TERMINAL = "PIPEKEEPER_STDERR_TERMINAL";

    public Invocation {
        environment = Map.copyOf(environment);
        workingDir = workingDir.toAbsolutePath().normalize();
    }

    /** An invocation whose standard error is not a terminal, as in tests. */
    public Invocation(PrintWriter out, PrintWriter err, Map<String, String> environment, Path workingDir) {
        this(out, err, false, environment, workingDir);
    }

    public static Invocation ofSystem() {
        Map<String, String> environment = System.getenv();
        return new Invocation(new PrintWriter(System.out, true), new PrintWriter(System.err, true), errIsTerminal(environment),
                environment, Path.of(""));
    }

    /**
     * Whether file descriptor 2 is a terminal. Java 17 cannot ask ({@code System.console()} looks at standard input
     * and output): the launcher says so, and without it Linux's /proc tells where descriptor 2 points.
     */
    static boolean errIsTerminal(Map<String, String> environment) {
        String told = environment.get(STDERR_TERMINAL);
        if (told != null) {
            return told.strip().equals("1");
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // no /proc (macOS, Windows): no bar, one line per step
        }
    }
}
