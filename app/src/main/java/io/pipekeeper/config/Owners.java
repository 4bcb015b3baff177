package io.pipekeeper.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The primary and secondary owner of a pipeline, and why each was chosen (by person id). */
public record Owners(String primary, String secondary, Map<String, String> why) {
    public Owners {
        if (primary.equals(secondary)) {
            throw new IllegalArgumentException("the primary and secondary owner must be two people, not " + primary + " twice");
        }
        why = Collections.unmodifiableMap(new LinkedHashMap<>(why));
    }
}
