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
                .filter(best -> distance(lower, best.toLowerCase()) <= Math.min(3, 1 + best.length() / 4))
                .map(best -> " (did you mean '" + best + "'?)")
                .orElse("");
    }

    /**
     * Edit distance counting insertions, deletions, substitutions and swaps of two neighbouring letters
     * (optimal string alignment), so that the typist's 'emial' is one step from 'email'.
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
