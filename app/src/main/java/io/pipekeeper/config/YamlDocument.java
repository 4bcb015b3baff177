package io.pipekeeper.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML file read into a Jackson tree that remembers where every key and value was written, so that a
 * problem found later can be reported at its line and column.
 */
public final class YamlDocument {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A line and a column, both counted from 1. */
    public record Position(int line, int column) {
        static Position of(JsonLocation location) {
            return new Position(location.getLineNr(), location.getColumnNr());
        }
    }

    private final String fileName;
    private final JsonNode root;
    private final Map<ConfigPath, Position> valuePositions;
    private final Map<ConfigPath, Position> keyPositions;
    private final List<ConfigProblem> duplicateKeys;

    private YamlDocument(String fileName, JsonNode root, Map<ConfigPath, Position> valuePositions,
                         Map<ConfigPath, Position> keyPositions, List<ConfigProblem> duplicateKeys) {
        this.fileName = fileName;
        this.root = root;
        this.valuePositions = Map.copyOf(valuePositions);
        this.keyPositions = Map.copyOf(keyPositions);
        this.duplicateKeys = List.copyOf(duplicateKeys);
    }

    /**
     * Parses YAML text; {@code fileName} is how problems name the file. A syntax error, or text that is
     * not a single mapping at the top, becomes a {@link ConfigException} with its position.
     */
    public static YamlDocument parse(String fileName, String text) {
        Builder builder = new Builder(fileName);
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw single(fileName, 1, 1, "the file is empty; start from examples/seed/pipekeeper.yaml");
            }
            if (first != JsonToken.START_OBJECT) {
                Position at = Position.of(parser.currentTokenLocation());
                throw single(fileName, at.line(), at.column(),
                        "the file must be a YAML mapping (key: value lines) at the top level");
            }
            JsonNode root = builder.read(parser, ConfigPath.ROOT);
            return new YamlDocument(fileName, root, builder.values, builder.keys, builder.duplicates);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            int column = at == null ? 0 : at.getColumnNr();
            throw single(fileName, line, column, "not valid YAML: " + e.getOriginalMessage().strip());
        } catch (IOException e) {
            throw single(fileName, 0, 0, "cannot be read: " + e.getMessage());
        }
    }

    private static ConfigException single(String fileName, int line, int column, String message) {
        return new ConfigException(List.of(new ConfigProblem(fileName, line, column, ConfigPath.ROOT, message)));
    }

    public String fileName() {
        return fileName;
    }

    public JsonNode root() {
        return root;
    }

    /** Keys written twice in one mapping; YAML forbids it and the later one would silently win. */
    public List<ConfigProblem> duplicateKeys() {
        return duplicateKeys;
    }

    /** A problem placed at the value found at {@code path}, or at its nearest written ancestor. */
    public ConfigProblem problemAt(ConfigPath path, String message) {
        return problem(path, valuePositions, message);
    }

    /** A problem placed at the key of {@code path} (for keys that do not belong), else at its value. */
    public ConfigProblem problemAtKey(ConfigPath path, String message) {
        Position key = keyPositions.get(path);
        if (key != null) {
            return new ConfigProblem(fileName, key.line(), key.column(), path, message);
        }
        return problemAt(path, message);
    }

    private ConfigProblem problem(ConfigPath path, Map<ConfigPath, Position> positions, String message) {
        ConfigPath probe = path;
        Position at = positions.get(probe);
        while (at == null && !probe.isRoot()) {
            probe = probe.parent();
            at = positions.get(probe);
        }
        return at == null
                ? new ConfigProblem(fileName, 0, 0, path, message)
                : new ConfigProblem(fileName, at.line(), at.column(), path, message);
    }

    /** Builds the tree token by token, recording each key's and value's position on the way. */
    private static final class Builder {
        private final String fileName;
        private final Map<ConfigPath, Position> values = new HashMap<>();
        private final Map<ConfigPath, Position> keys = new HashMap<>();
        private final List<ConfigProblem> duplicates = new ArrayList<>();

        Builder(String fileName) {
            this.fileName = fileName;
        }

        JsonNode read(JsonParser parser, ConfigPath path) throws IOException {
            Position at = Position.of(parser.currentTokenLocation());
            values.put(path, at);
            JsonToken token = parser.currentToken();
            return switch (token) {
                case START_OBJECT -> readObject(parser, path);
                case START_ARRAY -> readArray(parser, path);
                case VALUE_STRING -> NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT -> NODES.numberNode(parser.getBigIntegerValue());
                case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
                case VALUE_TRUE -> NODES.booleanNode(true);
                case VALUE_FALSE -> NODES.booleanNode(false);
                case VALUE_NULL -> NODES.nullNode();
                default -> throw new IOException("unexpected " + token + " at " + at);
            };
        }

        private ObjectNode readObject(JsonParser parser, ConfigPath path) throws IOException {
            ObjectNode object = NODES.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                ConfigPath child = path.key(name);
                Position keyAt = Position.of(parser.currentTokenLocation());
                parser.nextToken();
                if (object.has(name)) {
                    Position first = keys.get(child);
                    duplicates.add(new ConfigProblem(fileName, keyAt.line(), keyAt.column(), child,
                            "'" + name + "' is written twice in one mapping (first at line " + first.line()
                                    + "); keep one"));
                    parser.skipChildren();
                    continue;
                }
                keys.put(child, keyAt);
                object.set(name, read(parser, child));
            }
            return object;
        }

        private ArrayNode readArray(JsonParser parser, ConfigPath path) throws IOException {
            ArrayNode array = NODES.arrayNode();
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                array.add(read(parser, path.index(index++)));
            }
            return array;
        }
    }
}
