package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "store", mixinStandardHelpOptions = true,
        description = {"Opens the state store, brings its schema up to date, and shows where it is and its version.",
            "Default: an H2 file in .pipekeeper/ beside the configuration; 'store: jdbc:postgresql://…' for a team."})
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
}
