package io.pipekeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.YamlDocument;
import io.pipekeeper.notify.Secrets;
import io.pipekeeper.store.StoreLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code config show}: the configuration a server would run with, after the environment's overrides, secrets masked. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Shows the effective configuration.",
        subcommands = ConfigCommand.Show.class)
final class ConfigCommand extends BaseCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return Cli.OK;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Prints the configuration as pipekeeper reads it: the file, with the",
                "environment's overrides ($PIPEKEEPER_STORE_URL, $PIPEKEEPER_BASE_URL)",
                "applied and secrets masked. A secret written as $${env:NAME} or",
                "$${file:PATH} is shown as written, with whether this environment",
                "resolves it; one written in the file shows as ********."})
    static final class Show extends BaseCommand {
        /** Keys whose values are secrets wherever they are. */
        static final Set<String> SECRET_KEYS = Set.of("password", "auth_token", "secret", "webhook", "bot_token", "signing_secret");

        @Option(names = "--json", description = "Print one JSON document: {file, overrides, references, store, config}.")
        boolean json;

        @Override
        public Integer call() {
            Path file = configFile();
            YamlDocument document = loader().effective(file, shown(file));
            Map<String, String> references = new LinkedHashMap<>();
            JsonNode masked = masked(document.root().deepCopy(), references);
            StoreLocation store = StoreLocation.of(loader().load(file, shown(file)), invocation().environment());
            String storeShown = store.maskedUrl() + store.user().map(user -> " as " + user).orElse("")
                    + (store.password().isPresent() ? ", password from $" + StoreLocation.PASSWORD_VARIABLE : "");
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("file", file.toString());
                result.put("overrides", document.overridden());
                result.put("references", references);
                result.put("store", storeShown);
                result.put("config", masked);
                printJson(result);
                return Cli.OK;
            }
            out().println("# the configuration pipekeeper runs with: " + file + ", secrets masked");
            document.overridden().forEach((key, variable) -> out().println("# " + key + ": from $" + variable + " (the environment wins over the file)"));
            out().println("# store in use: " + storeShown);
            references.forEach((reference, status) -> out().println("# " + reference + ": " + status));
            out().print(yaml(masked));
            return Cli.OK;
        }

        /** The tree with secrets masked, collecting each reference and whether this environment can resolve it. */
        private JsonNode masked(JsonNode node, Map<String, String> references) {
            if (node instanceof ObjectNode object) {
                Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    JsonNode value = field.getValue();
                    if (value.isTextual() && Secrets.isReference(value.asText())) {
                        note(value.asText(), references);
                    } else if (value.isTextual() && SECRET_KEYS.contains(field.getKey())) {
                        field.setValue(TextNode.valueOf(StoreLocation.MASK));
                    } else if (value.isTextual() && field.getKey().equals("store")) {
                        field.setValue(TextNode.valueOf(new StoreLocation(value.asText(), java.util.Optional.empty(), java.util.Optional.empty()).maskedUrl()));
                    } else {
                        masked(value, references);
                    }
                }
            } else if (node instanceof ArrayNode array) {
                array.forEach(item -> masked(item, references));
            }
            return node;
        }

        private void note(String written, Map<String, String> references) {
            Matcher reference = Secrets.REFERENCE.matcher(written);
            while (reference.find()) {
                String name = reference.group(2);
                references.put(reference.group(), reference.group(1).equals("env")
                        ? (invocation().environment().containsKey(name) ? "set" : "NOT SET in this environment")
                        : Files.isReadable(Path.of(name)) ? "readable" : Files.exists(Path.of(name)) ? "NOT READABLE here" : "NO SUCH FILE here");
            }
        }

        private static String yaml(JsonNode tree) {
            try {
                return new YAMLMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build()).writeValueAsString(tree);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
