package io.pipekeeper.cli;

import io.pipekeeper.config.Suggestions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pipekeeper help [COMMAND [SUBCOMMAND…]]}: the same text as {@code COMMAND --help}, at any depth. */
@Command(name = "help", helpCommand = true, description = "Shows the help of a command: 'help incident ack' is 'incident ack --help'.")
final class HelpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, and its subcommands, to show the help of.")
    List<String> path = List.of();

    @Override
    public Integer call() {
        CommandLine command = spec.parent().commandLine();
        for (String name : path) {
            CommandLine next = command.getSubcommands().get(name);
            if (next == null) {
                throw new BadInputException("'" + String.join(" ", path) + "': " + command.getCommandName() + " has no command '" + name + "'"
                        + Suggestions.didYouMean(name, command.getSubcommands().keySet()) + "; 'pipekeeper "
                        + (command == spec.parent().commandLine() ? "" : qualified(command) + " ") + "--help' lists them");
            }
            command = next;
        }
        command.usage(command.getOut());
        return Cli.OK;
    }

    private static String qualified(CommandLine command) {
        return command.getCommandSpec().qualifiedName(" ").replaceFirst("^pipekeeper ", "");
    }
}
