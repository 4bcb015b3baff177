package io.pipekeeper.incident;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which subjects lie downstream of which: from the catalog, a pipeline below what it depends on and below the
 * sources it reads; and the edges OpenLineage events reported ({@link ReportedLineage}), followed the same way.
 */
final class Lineage {
    private final SeverityRules rules;
    private final Map<String, Set<String>> reported;

    Lineage(SeverityRules rules, Map<String, Set<String>> reported) {
        this.rules = rules;
        this.reported = Map.copyOf(reported);
    }

    /** The same lineage with the reported edges as they stand now. */
    Lineage with(Map<String, Set<String>> edges) {
        return new Lineage(rules, edges);
    }

    /** Whether a problem of {@code downstream} can be caused by one of {@code upstream}: the same subject, or one that reads it, however far down. */
    boolean reaches(String upstream, String downstream) {
        if (upstream.equals(downstream)) {
            return true;
        }
        Set<String> seen = new HashSet<>(Set.of(upstream));
        Deque<String> next = new ArrayDeque<>(seen);
        while (!next.isEmpty()) {
            String subject = next.poll();
            Set<String> below = new HashSet<>(rules.blastRadius(subject).pipelines());
            below.addAll(reported.getOrDefault(subject, Set.of()));
            for (String reached : below) {
                if (reached.equals(downstream)) {
                    return true;
                }
                if (seen.add(reached)) {
                    next.add(reached);
                }
            }
        }
        return false;
    }
}
