package io.pipekeeper.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top of the command tree; {@code -c FILE} is accepted before or after any subcommand. */
@Command(name = "pipekeeper",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = {"Keeps a team's data pipelines healthy and pages the right person, in time, when one is not.", ""},
        subcommands = {
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
            SlaCommand.class,
            ReportCommand.class,
            RunbookCommand.class,
            NotifyCommand.class,
            SchedulerCommand.class,
            ServeCommand.class,
            TokenCommand.class,
            LoginCommand.class,
            AuditCommand.class,
            StoreCommand.class,
            SchemaCommand.class,
            VersionCommand.class,
        },
        footer = {"", "The configuration is -c FILE, else $PIPEKEEPER_CONFIG, else ./pipekeeper.yaml.",
            "Documentation: docs/ in the repository; start with README.md."})
public final class PipekeeperCommand implements Runnable {
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
        new picocli.CommandLine(this).usage(invocation.out());
    }
}
