package io.pipekeeper.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the readers of each part of the file share: the document (for positions), the list of problems they
 * add to instead of stopping, the ids of the team's people, and readers of single values that stay silent
 * about what the schema already reports.
 */
abstract class SectionReader {
    protected final YamlDocument document;
    protected final List<ConfigProblem> problems;
    protected Set<String> personIds;

    SectionReader(YamlDocument document, List<ConfigProblem> problems, Set<String> personIds) {
        this.document = document;
        this.problems = problems;
        this.personIds = personIds;
    }

    /** The text at path's last key in node, or null when absent or not text (the schema reports that). */
    protected static String text(JsonNode parent, ConfigPath path) {
        JsonNode value = parent.path((String) path.elements().get(path.elements().size() - 1));
        return value.isTextual() ? value.asText() : null;
    }

    protected static List<String> texts(JsonNode array, ConfigPath path) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> {
            if (item.isTextual()) {
                texts.add(item.asText());
            }
        });
        return texts;
    }

    protected <T> List<T> forEachItem(JsonNode array, ConfigPath path, BiFunction<JsonNode, ConfigPath, T> reader) {
        List<T> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).isObject()) {
                T item = reader.apply(array.get(i), path.index(i));
                if (item != null) {
                    items.add(item);
                }
            }
        }
        return items;
    }

    protected String person(JsonNode parent, ConfigPath path) {
        String id = text(parent, path);
        if (id != null && !personIds.contains(id)) {
            report(path, "'" + id + "' is not a person in team.people" + Suggestions.didYouMean(id, personIds));
            return null;
        }
        return id;
    }

    protected Duration duration(JsonNode parent, ConfigPath path) {
        String text = text(parent, path);
        if (text == null || !text.matches("[0-9]{1,6}(s|m|h|d|w)")) {
            return null;
        }
        return Durations.parse(text);
    }

    protected ZoneId zone(JsonNode parent, ConfigPath path) {
        String text = text(parent, path);
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            report(path, "'" + text + "' is not a time zone" + Suggestions.didYouMean(text, ZoneId.getAvailableZoneIds())
                    + "; write an IANA zone such as America/New_York or Europe/Berlin");
            return null;
        }
    }

    protected LocalDate localDate(JsonNode parent, ConfigPath path) {
        return temporal(parent, path, "[0-9]{4}-[0-9]{2}-[0-9]{2}", LocalDate::parse, "a real date");
    }

    protected LocalDateTime localDateTime(JsonNode parent, ConfigPath path) {
        return temporal(parent, path, "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?", LocalDateTime::parse,
                "a real date and time");
    }

    /**
     * The value parsed, or null: silently when it is absent or not of the written form (the schema reports
     * that), with a problem when it has the form but names no real moment (the 30th of February).
     */
    protected <T> T temporal(JsonNode parent, ConfigPath path, String form, Function<String, T> parser, String what) {
        String text = text(parent, path);
        if (text == null || !text.matches(form)) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (DateTimeException e) {
            report(path, "'" + text + "' is not " + what);
            return null;
        }
    }

    protected void report(ConfigPath path, String message) {
        problems.add(document.problemAt(path, message));
    }
}
