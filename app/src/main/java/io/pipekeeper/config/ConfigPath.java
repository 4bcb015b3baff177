package io.pipekeeper.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a value sits in the configuration tree: names of object keys and indexes of list items,
 * printed as people read them ({@code team.people[1].email}).
 */
public record ConfigPath(List<Object> elements) {
    public static final ConfigPath ROOT = new ConfigPath(List.of());

    public ConfigPath {
        elements = List.copyOf(elements);
        for (Object element : elements) {
            if (!(element instanceof String) && !(element instanceof Integer)) {
                throw new IllegalArgumentException("a path element is a key or an index, not " + element);
            }
        }
    }

    public static ConfigPath of(Object... elements) {
        return new ConfigPath(List.of(elements));
    }

    public ConfigPath key(String name) {
        return append(name);
    }

    public ConfigPath index(int index) {
        return append(index);
    }

    public ConfigPath parent() {
        return elements.isEmpty() ? this : new ConfigPath(elements.subList(0, elements.size() - 1));
    }

    /** Whether this path is {@code prefix} or lies below it. */
    public boolean startsWith(ConfigPath prefix) {
        return elements.size() >= prefix.elements.size() && elements.subList(0, prefix.elements.size()).equals(prefix.elements);
    }

    /** This path with its beginning {@code from} replaced by {@code to}. */
    public ConfigPath rebase(ConfigPath from, ConfigPath to) {
        List<Object> moved = new ArrayList<>(to.elements);
        moved.addAll(elements.subList(from.elements.size(), elements.size()));
        return new ConfigPath(moved);
    }

    public boolean isRoot() {
        return elements.isEmpty();
    }

    private ConfigPath append(Object element) {
        List<Object> longer = new ArrayList<>(elements);
        longer.add(element);
        return new ConfigPath(longer);
    }

    @Override
    public String toString() {
        if (elements.isEmpty()) {
            return "(top level)";
        }
        StringBuilder text = new StringBuilder();
        for (Object element : elements) {
            if (element instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                if (!text.isEmpty()) {
                    text.append('.');
                }
                text.append(element);
            }
        }
        return text.toString();
    }
}
