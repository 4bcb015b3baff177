package io.pipekeeper.cli;

import io.pipekeeper.config.ConfigSchema;
import picocli.CommandLine.Command;

@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Prints the JSON Schema of pipekeeper.yaml, for editors that complete and check the file.",
            "The same schema is docs/pipekeeper.schema.json."})
final class SchemaCommand extends BaseCommand {
    @Override
    public Integer call() {
        out().print(ConfigSchema.load().text());
        return Cli.OK;
    }
}
