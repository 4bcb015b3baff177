package io.pipekeeper.config;

import static java.util.Map.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The published JSON Schema of pipekeeper.yaml, and the structural check of a file against it: unknown
 * keys, missing keys, wrong types and malformed values, each turned into a sentence a person can act on.
 */
public final class ConfigSchema {
    private static final String RESOURCE = "pipekeeper.schema.json";

    /** Rules behind the schema's patterns, said the way a person would. */
    private static final Map<String, String> PATTERN_RULES = Map.ofEntries(
            entry("^[a-z][a-z0-9_-]*$",
                    "an id is lower case letters, digits, '_' and '-', starting with a letter"),
            entry("^[0-9]{1,6}(s|m|h|d|w)$",
                    "a duration is a whole number (at most six digits) and a unit: 30s, 15m, 1h, 2d, 2w"),
            entry("^([0-9]{1,6}(s|m|h|d|w)|[0-9]{1,4}%)$",
                    "write a duration (30s, 15m, 1h, 2d, 2w) or a percentage of the respond SLA (50%, at most 9999%)"),
            entry("^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                    "a date is written YYYY-MM-DD"),
            entry("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?$",
                    "a local date-time is written YYYY-MM-DDTHH:MM"),
            entry("^[0-9]{2}:[0-9]{2}$",
                    "a time of day is written HH:MM"),
            entry("^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$",
                    "write an ISO 3166 country code, optionally with a region: US, US-NY, DE-BY"),
            entry("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
                    "an email address looks like name@example.com"),
            entry("^\\+[1-9][0-9]{6,14}$",
                    "a phone number is in E.164 form: '+' and the country code, then the number, no spaces (\"+15550100001\")"),
            entry("^jdbc:(h2|postgresql):",
                    "the store is a JDBC URL for H2 (jdbc:h2:…) or PostgreSQL (jdbc:postgresql://…)"),
            entry("^[a-z][a-z0-9_-]*\\.[A-Za-z_][A-Za-z0-9_]*$",
                    "write the key as table.column, such as product_costs.product_id"),
            entry("^(sum|count|min|max|avg)\\([a-z][a-z0-9_-]*\\.[A-Za-z_][A-Za-z0-9_]*\\)$",
                    "write an aggregate of a table's column: sum(unit_profit.profit); count, min, max and avg work too"),
            entry("^(\\^|~)?[0-9]{1,6}(\\.[0-9]{1,6}){0,2}$",
                    "a contract range is a version (1.2.0), ^1 (any 1.x) or ~1.2 (any 1.2.x)"),
            entry("^[0-9]{1,6}\\.[0-9]{1,6}\\.[0-9]{1,6}$",
                    "a contract version is MAJOR.MINOR.PATCH, such as 1.2.0"),
            entry("^([0-9]{1,5}d|all)$",
                    "a window is a number of days (28d) or all"),
            entry("^[0-9]{1,6}(MB|GB)$",
                    "memory is a whole number of MB or GB: 512MB, 2GB"),
            entry("^(BIGINT|INTEGER|SMALLINT|VARCHAR|TEXT|TIMESTAMP|DATE|DOUBLE|FLOAT|BOOLEAN|DECIMAL\\([0-9]{1,2},[0-9]{1,2}\\))$",
                    "a column type is BIGINT, INTEGER, SMALLINT, VARCHAR, TEXT, TIMESTAMP, DATE, DOUBLE, FLOAT, BOOLEAN or DECIMAL(p,s)"));

    private final String text;
    private final JsonNode tree;
    private final Schema schema;

    private ConfigSchema(String text) {
        this.text = text;
        try {
            this.tree = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(text, InputFormat.JSON);
    }

    public static ConfigSchema load() {
        try (InputStream in = ConfigSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new ConfigSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema itself, as published for editors. */
    public String text() {
        return text;
    }

    /** Every structural problem of the document, in no particular order. */
    public List<ConfigProblem> check(YamlDocument document) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Error error : schema.validate(document.root())) {
            problems.add(describe(document, error));
        }
        return problems;
    }

    private ConfigProblem describe(YamlDocument document, Error error) {
        ConfigPath at = toConfigPath(error.getInstanceLocation());
        JsonNode value = error.getInstanceNode();
        String keyword = error.getKeyword();
        return switch (keyword == null ? "" : keyword) {
            case "additionalProperties" -> unknownKey(document, at, error.getProperty(), error.getSchemaLocation());
            case "required" -> document.problemAt(at.key(error.getProperty()).parent(),
                    "missing key '" + error.getProperty() + "'");
            case "type" -> document.problemAt(at, "expected " + expectedType(error.getSchemaNode())
                    + ", found " + describe(value) + meaning(error.getSchemaLocation()));
            case "pattern" -> document.problemAt(at, quote(value) + " is not valid: " + patternRule(error));
            case "enum" -> document.problemAt(at, quote(value) + " is not one of " + error.getSchemaNode()
                    + Suggestions.didYouMean(value.asText(), options(error.getSchemaNode())));
            case "const" -> document.problemAt(at, quote(value) + " is not supported; write " + error.getSchemaNode());
            case "minItems" -> document.problemAt(at, "needs at least " + error.getSchemaNode() + " item(s)");
            case "minProperties" -> document.problemAt(at, "needs at least " + error.getSchemaNode() + " entry");
            case "minLength" -> document.problemAt(at, "must not be empty");
            case "propertyNames" -> error.getProperty() == null
                    ? document.problemAt(at, stripPath(error.getMessage()))
                    : document.problemAtKey(at.key(error.getProperty()), "'" + error.getProperty()
                            + "' is not a valid id: " + PATTERN_RULES.get("^[a-z][a-z0-9_-]*$"));
            default -> document.problemAt(at, stripPath(error.getMessage()));
        };
    }

    private ConfigProblem unknownKey(YamlDocument document, ConfigPath at, String key, SchemaLocation location) {
        ConfigPath path = at.key(key);
        List<String> known = knownKeys(location);
        String hint = Suggestions.didYouMean(key, known);
        if (hint.isEmpty() && !known.isEmpty()) {
            hint = " (known keys: " + String.join(", ", known) + ")";
        }
        JsonNode value = document.root().at(pointer(path));
        if (key.contains(" ") && (value.isNull() || value.asText().isEmpty())) {
            hint += "; inside {…} a comma ends a value: if this text belongs to the value before it, put that whole"
                    + " value in quotes";
        }
        return document.problemAtKey(path, "unknown key '" + key + "'" + hint);
    }

    /** " (what the value means)", from the description of the schema that the failed keyword belongs to. */
    private String meaning(SchemaLocation keyword) {
        JsonNode schemaObject = parentOf(keyword);
        if (schemaObject == null || !schemaObject.path("description").isTextual()) {
            return "";
        }
        String description = schemaObject.get("description").asText();
        description = Character.toLowerCase(description.charAt(0)) + description.substring(1);
        return " (" + (description.endsWith(".") ? description.substring(0, description.length() - 1) : description) + ")";
    }

    /** The schema object that holds the keyword at {@code location}. */
    private JsonNode parentOf(SchemaLocation location) {
        JsonNode node = tree;
        NodePath fragment = location.getFragment();
        for (int i = 0; i < fragment.getNameCount() - 1 && node != null; i++) {
            Object element = fragment.getElement(i);
            node = element instanceof Number n ? node.get(n.intValue()) : node.get(element.toString());
        }
        return node;
    }

    /** The keys allowed where an {@code additionalProperties: false} rule fired: its sibling 'properties'. */
    private List<String> knownKeys(SchemaLocation additionalProperties) {
        JsonNode node = parentOf(additionalProperties);
        List<String> known = new ArrayList<>();
        if (node != null && node.has("properties")) {
            node.get("properties").fieldNames().forEachRemaining(known::add);
        }
        return known;
    }

    private static List<String> options(JsonNode enumNode) {
        List<String> options = new ArrayList<>();
        if (enumNode != null) {
            enumNode.forEach(option -> options.add(option.asText()));
        }
        return options;
    }

    private static String patternRule(Error error) {
        String pattern = error.getSchemaNode() == null ? "" : error.getSchemaNode().asText();
        return PATTERN_RULES.getOrDefault(pattern, "it must match " + pattern);
    }

    private static String expectedType(JsonNode typeNode) {
        String type = typeNode == null ? "" : typeNode.asText();
        return switch (type) {
            case "object" -> "a mapping (key: value)";
            case "array" -> "a list";
            case "string" -> "text";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            default -> type;
        };
    }

    static String describe(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isTextual()) {
            return "'" + value.asText() + "'";
        }
        return value.toString();
    }

    private static String quote(JsonNode value) {
        return describe(value);
    }

    private static String stripPath(String message) {
        int colon = message.indexOf(": ");
        return message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
    }

    private static String pointer(ConfigPath path) {
        StringBuilder pointer = new StringBuilder();
        for (Object element : path.elements()) {
            pointer.append('/').append(element.toString().replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    static ConfigPath toConfigPath(NodePath nodePath) {
        List<Object> elements = new ArrayList<>();
        for (int i = 0; i < nodePath.getNameCount(); i++) {
            Object element = nodePath.getElement(i);
            elements.add(element instanceof Number number ? Integer.valueOf(number.intValue()) : element.toString());
        }
        return new ConfigPath(elements);
    }

}
