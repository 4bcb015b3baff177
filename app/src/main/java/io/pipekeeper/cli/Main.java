package io.pipekeeper.cli;

/** The {@code pipekeeper} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Invocation invocation = Invocation.ofSystem();
        String command = Cli.subcommandNamed(args).orElse("");
        io.pipekeeper.LogConfigurator.forCommand(command.equals("serve") || command.equals("scheduler"), invocation.environment());
        int exitCode = Cli.run(invocation, args);
        System.exit(exitCode);
    }
}
