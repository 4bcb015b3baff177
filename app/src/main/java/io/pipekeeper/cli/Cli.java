package io.pipekeeper.cli;

import io.pipekeeper.PipekeeperException;
import io.pipekeeper.config.ConfigException;
import io.pipekeeper.incident.IncidentActions;
import io.pipekeeper.oncall.OnCallChanges;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Builds the picocli command tree and maps what goes wrong to exit codes: 0 done, 1 the work failed,
 * 2 bad input (arguments or configuration), 70 a fault of pipekeeper's own. Never a stack trace, unless
 * {@code PIPEKEEPER_DEBUG=1}.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL_ERROR = 70;

    private Cli() {
    }

    public static int run(Invocation invocation, String... args) {
        CommandLine commandLine = commandLine(invocation, subcommandNamed(args));
        try {
            return commandLine.execute(args);
        } finally {
            invocation.out().flush();
            invocation.err().flush();
        }
    }

    /** The whole command tree, as help, shell completion and the man pages show it. */
    public static CommandLine commandLine(Invocation invocation) {
        return commandLine(invocation, Optional.empty());
    }

    /** The command tree with {@code only} the subcommand of that name under the top when there is one, else all. */
    private static CommandLine commandLine(Invocation invocation, Optional<String> only) {
        CommandLine commandLine = new CommandLine(new PipekeeperCommand(invocation));
        // 'help COMMAND' needs the command it names beside it: every command is added for it, as for no command at all.
        List<Class<?>> named = only.filter(name -> !name.equals("help"))
                .map(name -> PipekeeperCommand.SUBCOMMANDS.stream().filter(c -> names(c).contains(name)).toList())
                .orElse(List.of());
        (named.isEmpty() ? PipekeeperCommand.SUBCOMMANDS : named).forEach(commandLine::addSubcommand);
        commandLine.setOut(invocation.out());
        commandLine.setErr(invocation.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> report(invocation, e));
        return commandLine;
    }

    /** The first argument that is neither an option nor the file of {@code -c}/{@code --config}. */
    static Optional<String> subcommandNamed(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-c") || args[i].equals("--config")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return Optional.of(args[i]);
            }
        }
        return Optional.empty();
    }

    private static List<String> names(Class<?> command) {
        Command annotation = command.getAnnotation(Command.class);
        return Stream.concat(Stream.of(annotation.name()), Stream.of(annotation.aliases())).toList();
    }

    private static int report(Invocation invocation, Exception e) {
        if (e instanceof ConfigException config) {
            config.problems().forEach(problem -> invocation.err().println(problem));
            invocation.err().println(config.problems().size() == 1 ? "1 problem" : config.problems().size() + " problems");
            return BAD_INPUT;
        }
        if (e instanceof BadInputException || e instanceof OnCallChanges.Refused || e instanceof IncidentActions.Refused
                || e instanceof io.pipekeeper.DrillClock.Unset || e instanceof io.pipekeeper.store.Refused
                || e instanceof io.pipekeeper.postmortem.Postmortems.Refused || e instanceof io.pipekeeper.status.StatusPages.UnknownAudience) {
            invocation.err().println("pipekeeper: " + e.getMessage());
            return BAD_INPUT;
        }
        if (e instanceof PipekeeperException) {
            invocation.err().println("pipekeeper: " + e.getMessage());
            debug(invocation, e);
            return FAILED;
        }
        invocation.err().println("pipekeeper: internal error: " + e
                + " (this is a bug in pipekeeper; run again with PIPEKEEPER_DEBUG=1 for the stack trace and report it)");
        debug(invocation, e);
        return INTERNAL_ERROR;
    }

    private static void debug(Invocation invocation, Exception e) {
        if ("1".equals(invocation.environment().get("PIPEKEEPER_DEBUG"))) {
            e.printStackTrace(invocation.err());
        }
    }
}
