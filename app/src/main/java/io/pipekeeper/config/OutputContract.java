package io.pipekeeper.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A pipeline's promise about its output: a semantic version and the columns with their types. */
public record OutputContract(String version, Map<String, String> columns) {
    public OutputContract {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /**
     * Whether {@code version} is in {@code range}: {@code ^1} or {@code ^1.2} (same major, at least that),
     * {@code ~1.2} (same major and minor), or an exact version.
     */
    public static boolean satisfies(String version, String range) {
        int[] have = parts(version);
        String bare = range.startsWith("^") || range.startsWith("~") ? range.substring(1) : range;
        int[] want = parts(bare);
        int given = bare.split("\\.").length;
        if (range.startsWith("^")) {
            return have[0] == want[0] && compare(have, want) >= 0;
        }
        if (range.startsWith("~")) {
            return have[0] == want[0] && (given < 2 || have[1] == want[1]) && compare(have, want) >= 0;
        }
        for (int i = 0; i < given; i++) {
            if (have[i] != want[i]) {
                return false;
            }
        }
        return true;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    private static int[] parts(String version) {
        String[] text = version.split("\\.");
        int[] parts = new int[3];
        for (int i = 0; i < text.length && i < 3; i++) {
            parts[i] = Integer.parseInt(text[i]);
        }
        return parts;
    }
}
