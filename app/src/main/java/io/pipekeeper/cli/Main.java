package io.pipekeeper.cli;

/** The {@code pipekeeper} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = Cli.run(Invocation.ofSystem(), args);
        System.exit(exitCode);
    }
}
