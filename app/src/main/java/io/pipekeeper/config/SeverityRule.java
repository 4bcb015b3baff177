package io.pipekeeper.config;

import java.util.List;
import java.util.Optional;

/**
 * One of the team's {@code severity_rules}: a signal that meets every condition given gets {@code severity}.
 * An empty list, or no audience, is no condition.
 *
 * @param kinds    the signal's kind is one of these
 * @param checks   the signal comes from a check with one of these names
 * @param subjects the signal is about one of these pipelines or sources
 * @param audience some pipeline in the blast radius has this audience
 */
public record SeverityRule(List<String> kinds, List<String> checks, List<String> subjects, Optional<String> audience, String severity) {
    public static final List<String> KINDS = List.of("run_failed", "run_blocked", "resource_exhausted", "deadline_missed",
            "capacity_risk", "check_failed", "schema_breaking", "schema_drift", "anomaly", "pii_leak", "contract_conflict", "runbook_stale", "security", "alert");

    public SeverityRule {
        kinds = List.copyOf(kinds);
        checks = List.copyOf(checks);
        subjects = List.copyOf(subjects);
    }
}
