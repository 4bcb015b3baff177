package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreBackup;
import io.pipekeeper.store.StoreCopy;
import io.pipekeeper.store.StoreLocation;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "store", mixinStandardHelpOptions = true,
        description = {"Opens the state store, brings its schema up to date, and shows where it is and its version.",
            "Default: an H2 file in .pipekeeper/ beside the configuration; 'store: jdbc:postgresql://…' for a team."},
        subcommands = {StoreCommand.Copy.class, StoreCommand.Backup.class, StoreCommand.Restore.class})
final class StoreCommand extends BaseCommand {
    @Option(names = "--json", description = "Print one JSON document: {url, database, schemaVersion, applied}.")
    boolean json;

    @Override
    public Integer call() {
        try (App app = app(catalog())) {
            Store.Status status = app.store().status();
            if (json) {
                printJson(status);
            } else {
                out().println("store:    " + status.url());
                out().println("database: " + status.database());
                out().println("schema:   version " + status.schemaVersion() + " (" + status.applied().size() + " migrations applied)");
            }
        }
        return Cli.OK;
    }

    @Command(name = "copy", mixinStandardHelpOptions = true,
            description = {"Copies everything in the store (runs, checks, incidents, the outbox,",
                "timers, tokens, the audit log) into another, empty one, in one",
                "transaction, and counts every table on both sides. Stop serve and",
                "scheduler first; then point 'store:' (or $PIPEKEEPER_STORE_URL) at it."})
    static final class Copy extends BaseCommand {
        static final String PASSWORD_VARIABLE = "PIPEKEEPER_TARGET_PASSWORD";

        @Option(names = "--to", paramLabel = "JDBC_URL", required = true, description = "The target, e.g. jdbc:postgresql://db:5432/pipekeeper.")
        String to;

        @Option(names = "--to-user", paramLabel = "USER", description = "The target's user; its password from $PIPEKEEPER_TARGET_PASSWORD.")
        String user;

        @Override
        public Integer call() {
            if (!to.startsWith("jdbc:postgresql:") && !to.startsWith("jdbc:h2:")) {
                throw new BadInputException("--to: '" + to + "' is not a store's JDBC URL; write jdbc:postgresql://HOST:5432/DATABASE");
            }
            StoreLocation target = new StoreLocation(to, Optional.ofNullable(user), Optional.ofNullable(invocation().environment().get(PASSWORD_VARIABLE)));
            try (App app = app(catalog())) {
                if (app.store().location().url().equals(target.url())) {
                    throw new BadInputException("--to is the store itself; name another database");
                }
                StoreCopy.Copied copied = StoreCopy.copy(app.store(), target);
                Table table = new Table("table", "rows");
                copied.rows().forEach((name, rows) -> table.row(name, String.format("%,d", rows)));
                table.print(out());
                out().println("copied " + String.format("%,d", copied.total()) + " rows in " + copied.rows().size() + " tables from "
                        + app.store().location().maskedUrl() + " to " + target.maskedUrl() + "; counts match on both sides");
            }
            return Cli.OK;
        }
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = {"Writes an H2 store to FILE (its SQL, gzipped), consistent while",
                "pipekeeper runs; FILE is replaced whole. For PostgreSQL use pg_dump",
                "(docs/operations.md)."})
    static final class Backup extends BaseCommand {
        @Parameters(paramLabel = "FILE", description = "Where to write it, e.g. backups/2026-12-06.sql.gz.")
        Path file;

        @Override
        public Integer call() {
            Path target = invocation().workingDir().resolve(file);
            try (App app = app(catalog())) {
                StoreBackup.backup(app.store(), target);
                out().println("backed up " + app.store().location().maskedUrl().replaceFirst(";.*", "") + " to " + target);
            }
            return Cli.OK;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = {"Makes the configured H2 store from a backup. The store must not exist",
                "yet (move it aside first); a backup of an older version is migrated on",
                "the way. For PostgreSQL use pg_restore (docs/operations.md)."})
    static final class Restore extends BaseCommand {
        @Parameters(paramLabel = "FILE", description = "A file written by 'pipekeeper store backup'.")
        Path file;

        @Override
        public Integer call() {
            StoreLocation location = StoreLocation.of(catalog(), environment());
            StoreBackup.restore(location, invocation().workingDir().resolve(file));
            try (Store store = Store.open(location)) {
                out().println("restored " + location.maskedUrl().replaceFirst(";.*", "") + " from " + file + " (schema version "
                        + store.status().schemaVersion() + ")");
            }
            return Cli.OK;
        }
    }
}
