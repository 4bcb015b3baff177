package io.pipekeeper.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top of the command tree; {@code -c FILE} is accepted before or after any subcommand. */
@Command(name = "pipekeeper",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = {"Keeps a team's data pipelines healthy and pages the right person, in time, when one is not.", ""},
        footer = {"", "The configuration is -c FILE, else $PIPEKEEPER_CONFIG, else ./pipekeeper.yaml.",
            "Documentation: docs/ in the repository; start with README.md."})
public final class PipekeeperCommand implements Runnable {
    /**
     * The commands under {@code pipekeeper}. {@link Cli} adds only the one a command line names, and all of them for
     * help or a name it does not know: picocli reads every added command's annotations up front, and all 24 took
     * about a third of a quick command's start.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            DemoCommand.class,
            ValidateCommand.class,
            OwnersCommand.class,
            OnCallCommand.class,
            DataCommand.class,
            PipelinesCommand.class,
            RunCommands.RunCommand.class,
            RunCommands.Backfill.class,
            RunCommands.Runs.class,
            CheckCommand.class,
            IncidentCommands.ListIncidents.class,
            IncidentCommands.IncidentCommand.class,
            AlertCommand.class,
            MaintenanceCommand.class,
            ClockCommand.class,
            SlaCommand.class,
            ReportCommand.class,
            StatusCommand.class,
            RunbookCommand.class,
            NotifyCommand.class,
            SchedulerCommand.class,
            ServeCommand.class,
            TokenCommand.class,
            LoginCommand.class,
            AuditCommand.class,
            StoreCommand.class,
            ConfigCommand.class,
            SchemaCommand.class,
            VersionCommand.class,
            HelpCommand.class);

    final Invocation invocation;
    private Path config;

    PipekeeperCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The configuration file (default: $PIPEKEEPER_CONFIG, else ./pipekeeper.yaml).")
    void setConfig(Path config) {
        this.config = config;
    }

    Optional<Path> config() {
        return Optional.ofNullable(config);
    }

    @Override
    public void run() {
        Cli.commandLine(invocation).usage(invocation.out());
    }
}
