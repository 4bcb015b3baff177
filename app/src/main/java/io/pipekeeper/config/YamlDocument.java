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
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML file read into a Jackson tree that remembers where every key and value was written, so that a
 * problem found later can be reported at its line and column.
 */
public final class YamlDocument {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** YAML's merge key. */
    private static final String MERGE = "<<";

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
    private final List<ConfigProblem> problems;
    /** Top-level keys whose value came from the environment, and the variable it came from. */
    private final Map<String, String> overridden;

    private YamlDocument(String fileName, JsonNode root, Map<ConfigPath, Position> valuePositions,
                         Map<ConfigPath, Position> keyPositions, List<ConfigProblem> problems, Map<String, String> overridden) {
        this.fileName = fileName;
        this.root = root;
        this.valuePositions = Map.copyOf(valuePositions);
        this.keyPositions = Map.copyOf(keyPositions);
        this.problems = List.copyOf(problems);
        this.overridden = Map.copyOf(overridden);
    }

    /**
     * This document with the top-level {@code key} set to {@code value}, which came from the environment variable
     * {@code variable}: a problem with it is reported as the variable's, not at a line of the file.
     */
    public YamlDocument overriding(String key, String value, String variable) {
        ObjectNode changed = ((ObjectNode) root).deepCopy();
        changed.put(key, value);
        Map<String, String> variables = new HashMap<>(overridden);
        variables.put(key, variable);
        return new YamlDocument(fileName, changed, valuePositions, keyPositions, problems, variables);
    }

    /** Top-level keys whose value came from the environment, each with its variable. */
    public Map<String, String> overridden() {
        return overridden;
    }

    /** Deeper than this is no pipekeeper.yaml (the seed nests six levels): a mistake or an attack on the parser. */
    static final int MAX_DEPTH = 64;
    /** Values after aliases are expanded: a "billion laughs" of nested aliases stops here. */
    static final int MAX_VALUES = 200_000;
    /** Each alias costs a look through the positions read so far; a real file has a handful. */
    static final int MAX_ALIASES = 500;

    /**
     * Parses YAML text; {@code fileName} is how problems name the file. Anchors, aliases and merge keys
     * ({@code <<: *defaults}) are expanded, and a value that came from an anchor is placed at the anchor's text. A
     * syntax error, an undefined alias, a second document, too deep a nesting, or text that is not a single
     * mapping at the top becomes a {@link ConfigException} with its position.
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
            JsonNode root = builder.read(parser, ConfigPath.ROOT, 0);
            if (parser.nextToken() != null) {
                Position at = Position.of(parser.currentTokenLocation());
                throw single(fileName, at.line(), at.column(), "a second YAML document starts here (after a '---' line); pipekeeper "
                        + "reads one document per file, so this part would be ignored: remove the '---' line, or move what follows into the first");
            }
            return new YamlDocument(fileName, root, builder.values, builder.keys, builder.problems, Map.of());
        } catch (JsonProcessingException e) {
            throw syntaxError(fileName, e);
        } catch (IOException e) {
            throw single(fileName, 1, 1, "cannot be read: " + e.getMessage());
        }
    }

    /** A parser error at the position SnakeYAML marked (Jackson's own location is often the token before it), in plain words. */
    private static ConfigException syntaxError(String fileName, JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                Mark mark = marked.getProblemMark();
                String problem = marked.getProblem() == null ? marked.getMessage() : marked.getProblem();
                String message = problem.contains("\\t(TAB)")
                        ? "a tab character; YAML indents with spaces only: replace the tab with spaces"
                        : "not valid YAML: " + problem.strip() + (marked.getContext() == null ? "" : " (" + marked.getContext().strip() + ")");
                return single(fileName, mark.getLine() + 1, mark.getColumn() + 1, message);
            }
        }
        JsonLocation at = e.getLocation();
        int line = at == null || at.getLineNr() < 1 ? 1 : at.getLineNr();
        int column = at == null || at.getColumnNr() < 1 ? 1 : at.getColumnNr();
        return single(fileName, line, column, "not valid YAML: " + e.getOriginalMessage().strip());
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

    /**
     * What the text got wrong that reading could step over: keys written twice in one mapping (YAML forbids it and the
     * later one would silently win), and merge keys that merge no mapping.
     */
    public List<ConfigProblem> problems() {
        return problems;
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
        String variable = path.isRoot() ? null : overridden.get(path.elements().get(0).toString());
        if (variable != null) {
            return new ConfigProblem("$" + variable, 0, 0, path, message);
        }
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

    /** Builds the tree token by token, recording each key's and value's position on the way, and expanding aliases. */
    private static final class Builder {
        /** A value written with {@code &name}, and where. */
        private record Anchored(JsonNode node, ConfigPath path) {
        }

        private final String fileName;
        private final Map<ConfigPath, Position> values = new HashMap<>();
        private final Map<ConfigPath, Position> keys = new HashMap<>();
        private final List<ConfigProblem> problems = new ArrayList<>();
        private final Map<String, Anchored> anchors = new HashMap<>();
        private int count;
        private int aliases;

        Builder(String fileName) {
            this.fileName = fileName;
        }

        JsonNode read(JsonParser parser, ConfigPath path, int depth) throws IOException {
            Position at = Position.of(parser.currentTokenLocation());
            values.put(path, at);
            if (depth > MAX_DEPTH) {
                throw single(fileName, at.line(), at.column(), "nested deeper than " + MAX_DEPTH
                        + " levels; a pipekeeper.yaml needs about six: is a bracket left open?");
            }
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_STRING && parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                return alias(parser.getText(), path, at);
            }
            Object anchor = parser.getObjectId();
            counted(at);
            JsonNode node = switch (token) {
                case START_OBJECT -> readObject(parser, path, depth);
                case START_ARRAY -> readArray(parser, path, depth);
                case VALUE_STRING -> NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT -> NODES.numberNode(parser.getBigIntegerValue());
                case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
                case VALUE_TRUE -> NODES.booleanNode(true);
                case VALUE_FALSE -> NODES.booleanNode(false);
                case VALUE_NULL -> NODES.nullNode();
                default -> throw new IOException("unexpected " + token + " at " + at);
            };
            if (anchor != null) {
                anchors.put(anchor.toString(), new Anchored(node, path));
            }
            return node;
        }

        /** {@code *name}: a copy of the anchored value, its parts placed where the anchor's text is. */
        private JsonNode alias(String name, ConfigPath path, Position at) {
            Anchored anchored = anchors.get(name);
            if (anchored == null) {
                throw single(fileName, at.line(), at.column(), "'*" + name + "' refers to no anchor; write '&" + name
                        + "' on a value above this line (an anchor must come before its aliases)"
                        + Suggestions.didYouMean(name, anchors.keySet()));
            }
            if (++aliases > MAX_ALIASES) {
                throw single(fileName, at.line(), at.column(), "more than " + MAX_ALIASES + " aliases; write the values out instead");
            }
            JsonNode copy = anchored.node().deepCopy();
            count += size(copy);
            counted(at);
            place(anchored.path(), path, false);
            return copy;
        }

        private void counted(Position at) {
            if (++count > MAX_VALUES) {
                throw single(fileName, at.line(), at.column(), "more than " + MAX_VALUES
                        + " values once aliases are expanded; aliases of aliases multiply: write the values out instead");
            }
        }

        private static int size(JsonNode node) {
            int size = 1;
            for (JsonNode child : node) {
                size += size(child);
            }
            return size;
        }

        /** Gives the values and keys below {@code from} (and {@code from} itself, when asked) their places below {@code to}. */
        private void place(ConfigPath from, ConfigPath to, boolean itself) {
            for (Map<ConfigPath, Position> positions : List.of(values, keys)) {
                Map<ConfigPath, Position> placed = new HashMap<>();
                positions.forEach((path, position) -> {
                    if (path.startsWith(from) && (itself || !path.equals(from))) {
                        placed.put(path.rebase(from, to), position);
                    }
                });
                placed.forEach(positions::putIfAbsent);
            }
        }

        private ObjectNode readObject(JsonParser parser, ConfigPath path, int depth) throws IOException {
            ObjectNode object = NODES.objectNode();
            List<Anchored> merged = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                ConfigPath child = path.key(name);
                Position keyAt = Position.of(parser.currentTokenLocation());
                parser.nextToken();
                if (name.equals(MERGE)) {
                    merged.addAll(mergeSources(read(parser, child, depth + 1), child, keyAt));
                    continue;
                }
                if (object.has(name)) {
                    Position first = keys.get(child);
                    problems.add(new ConfigProblem(fileName, keyAt.line(), keyAt.column(), child,
                            "'" + name + "' is written twice in one mapping (first at line " + first.line()
                                    + "); keep one"));
                    parser.skipChildren();
                    continue;
                }
                keys.put(child, keyAt);
                object.set(name, read(parser, child, depth + 1));
            }
            // YAML's merge: keys written in the mapping win, then the merged mappings in the order given.
            for (Anchored source : merged) {
                source.node().fields().forEachRemaining(field -> {
                    if (!object.has(field.getKey())) {
                        object.set(field.getKey(), field.getValue().deepCopy());
                        place(source.path().key(field.getKey()), path.key(field.getKey()), true);
                    }
                });
            }
            return object;
        }

        /** What {@code <<} merges: one mapping (usually an alias) or a list of them. */
        private List<Anchored> mergeSources(JsonNode value, ConfigPath path, Position at) {
            List<Anchored> sources = new ArrayList<>();
            if (value.isObject()) {
                sources.add(new Anchored(value, path));
            } else if (value.isArray() && !value.isEmpty()) {
                for (int i = 0; i < value.size(); i++) {
                    if (!value.get(i).isObject()) {
                        sources.clear();
                        break;
                    }
                    sources.add(new Anchored(value.get(i), path.index(i)));
                }
            }
            if (sources.isEmpty()) {
                problems.add(new ConfigProblem(fileName, at.line(), at.column(), path, "'<<' merges mappings into this one: give it "
                        + "an alias of a mapping (<<: *defaults) or a list of them (<<: [*a, *b])"));
            }
            return sources;
        }

        private ArrayNode readArray(JsonParser parser, ConfigPath path, int depth) throws IOException {
            ArrayNode array = NODES.arrayNode();
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                array.add(read(parser, path.index(index++), depth + 1));
            }
            return array;
        }
    }
}
