package io.pipekeeper.cli;

import io.pipekeeper.PipekeeperException;
import io.pipekeeper.config.ConfigException;
import io.pipekeeper.incident.IncidentActions;
import io.pipekeeper.oncall.OnCallChanges;
import picocli.CommandLine;

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
        CommandLine commandLine = commandLine(invocation);
        try {
            return commandLine.execute(args);
        } finally {
            invocation.out().flush();
            invocation.err().flush();
        }
    }

    static CommandLine commandLine(Invocation invocation) {
        CommandLine commandLine = new CommandLine(new PipekeeperCommand(invocation));
        commandLine.setOut(invocation.out());
        commandLine.setErr(invocation.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> report(invocation, e));
        return commandLine;
    }

    private static int report(Invocation invocation, Exception e) {
        if (e instanceof ConfigException config) {
            config.problems().forEach(problem -> invocation.err().println(problem));
            invocation.err().println(config.problems().size() == 1 ? "1 problem" : config.problems().size() + " problems");
            return BAD_INPUT;
        }
        if (e instanceof BadInputException || e instanceof OnCallChanges.Refused || e instanceof IncidentActions.Refused) {
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
