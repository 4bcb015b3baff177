package io.pipekeeper.config;

import java.util.Collection;
import java.util.Comparator;

/** "Did you mean …?" for a misspelt name: the closest known name within a small edit distance. */
public final class Suggestions {
    private Suggestions() {
    }

    /** {@code " (did you mean 'john'?)"}, or an empty string when nothing is close enough. */
    public static String didYouMean(String written, Collection<String> known) {
        if (written == null || known.isEmpty()) {
            return "";
        }
        String lower = written.toLowerCase();
        return known.stream()
                .filter(candidate -> !candidate.equals(written))
                .min(Comparator.comparingInt((String candidate) -> distance(lower, candidate.toLowerCase()))
                        .thenComparing(Comparator.naturalOrder()))
                .filter(best -> distance(lower, best.toLowerCase()) <= Math.max(1, Math.min(3, best.length() / 3)))
                .map(best -> " (did you mean '" + best + "'?)")
                .orElse("");
    }

    /** Levenshtein distance: insertions, deletions and substitutions needed to turn a into b. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
