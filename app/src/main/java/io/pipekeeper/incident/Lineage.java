package io.pipekeeper.incident;

/** Which subjects lie downstream of which, from the catalog: a pipeline below what it depends on, and below the sources it reads. */
final class Lineage {
    private final SeverityRules rules;

    Lineage(SeverityRules rules) {
        this.rules = rules;
    }

    /** Whether a problem of {@code downstream} can be caused by one of {@code upstream}: the same subject, or one that reads it, however far down. */
    boolean reaches(String upstream, String downstream) {
        return upstream.equals(downstream) || rules.blastRadius(upstream).pipelines().contains(downstream);
    }
}
