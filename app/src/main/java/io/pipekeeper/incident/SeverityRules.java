package io.pipekeeper.incident;

import io.pipekeeper.signal.Kind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Input;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.config.SeverityRule;
import io.pipekeeper.config.Sla;
import io.pipekeeper.signal.Signal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How severe a signal is, and what it endangers. The team's {@code severity_rules} come first, first match wins.
 * Then the defaults: a failed, blocked or late pipeline is
 * critical when it or anything downstream of it reports to investors, major when it feeds experiments, minor
 * otherwise; anomalies, drift and capacity risks are minor; a check's own severity applies when it has one.
 * Pure: it reads the catalog and the signal only.
 */
public final class SeverityRules {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Repeated denied requests to the server: someone probing, or a machine with a stale token. */
    private static final Set<Kind> MINOR_KINDS = Set.of(Kind.ANOMALY, Kind.SCHEMA_DRIFT, Kind.CAPACITY_RISK, Kind.RUNBOOK_STALE);

    private final Catalog catalog;

    public SeverityRules(Catalog catalog) {
        this.catalog = catalog;
    }

    /** A severity's SLA; an unknown name (a severity since removed from the file) gets the least severe level's. */
    static Sla slaOf(Catalog catalog, String severity) {
        Map<String, Sla> severities = catalog.severities();
        return severities.getOrDefault(severity, severities.values().stream().reduce((first, second) -> second).orElseThrow());
    }

    /** What a signal's problem reaches: the pipelines at or below its subject, and their investor-facing metrics. */
    public record BlastRadius(List<String> pipelines, List<String> investorMetrics) {
        public BlastRadius {
            pipelines = List.copyOf(pipelines);
            investorMetrics = List.copyOf(investorMetrics);
        }

        @Override
        public String toString() {
            return pipelines.isEmpty() ? "nothing downstream" : "pipelines: " + String.join(", ", pipelines)
                    + (investorMetrics.isEmpty() ? "" : "; investor-facing metrics: " + String.join(", ", investorMetrics));
        }
    }

    /** The more severe of two severities, by the order the team declares them (most severe first); an unknown one counts least. */
    public String higher(String one, String other) {
        List<String> order = List.copyOf(catalog.severities().keySet());
        int a = order.indexOf(one);
        int b = order.indexOf(other);
        return b < 0 || (a >= 0 && a <= b) ? one : other;
    }

    public String severityOf(Signal signal) {
        for (SeverityRule rule : catalog.severityRules()) {
            if (matches(rule, signal)) {
                return rule.severity();
            }
        }
        String own = checkSeverity(signal.evidence());
        if (own != null) {
            return own;
        }
        if (MINOR_KINDS.contains(signal.kind())) {
            return "minor";
        }
        if (signal.kind() == Kind.SECURITY) {
            return "major";
        }
        BlastRadius radius = blastRadius(signal.subject());
        boolean investors = radius.pipelines().stream().anyMatch(p -> "investors".equals(catalog.pipeline(p).audience()));
        boolean experiments = radius.pipelines().stream().anyMatch(p -> "experiments".equals(catalog.pipeline(p).audience()));
        return investors ? "critical" : experiments ? "major" : "minor";
    }

    private boolean matches(SeverityRule rule, Signal signal) {
        return (rule.kinds().isEmpty() || rule.kinds().contains(signal.kind().text()))
                && (rule.checks().isEmpty() || rule.checks().contains(checkName(signal.evidence())))
                && (rule.subjects().isEmpty() || rule.subjects().contains(signal.subject()))
                && rule.audience().map(audience -> blastRadius(signal.subject()).pipelines().stream()
                        .anyMatch(p -> audience.equals(catalog.pipeline(p).audience()))).orElse(true);
    }

    /** The pipelines that read the subject (a pipeline itself, or a source), and everything downstream of them. */
    public BlastRadius blastRadius(String subject) {
        Set<String> reached = new LinkedHashSet<>();
        if (catalog.pipelines().containsKey(subject)) {
            reached.add(subject);
        } else {
            for (Pipeline pipeline : catalog.pipelines().values()) {
                if (pipeline.inputs().stream().anyMatch(i -> i.kind() == Input.Kind.SOURCE && i.name().equals(subject))) {
                    reached.add(pipeline.id());
                }
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Pipeline pipeline : catalog.pipelines().values()) {
                if (!reached.contains(pipeline.id()) && pipeline.dependsOn().stream().anyMatch(reached::contains)) {
                    reached.add(pipeline.id());
                    grew = true;
                }
            }
        }
        List<String> metrics = new ArrayList<>();
        for (String id : reached) {
            Pipeline pipeline = catalog.pipeline(id);
            if ("investors".equals(pipeline.audience())) {
                pipeline.metrics().forEach(metric -> metrics.add(id + "." + metric.name()));
            }
        }
        return new BlastRadius(new ArrayList<>(reached), metrics);
    }

    private static String checkSeverity(String evidence) {
        if (evidence == null || evidence.isBlank()) {
            return null;
        }
        try {
            JsonNode severity = JSON.readTree(evidence).path("severity");
            return severity.isTextual() && severity.asText().matches("critical|major|minor") ? severity.asText() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Whether the signal's problem held something back: a run's own failure, or a check that blocks (not one that only
     * warns or sets rows aside). Only such a problem can be the cause of what is open below it.
     */
    static boolean holdsBack(Signal signal) {
        if (signal.kind().aboutARun()) {
            return true;
        }
        try {
            JsonNode onFail = signal.evidence() == null || signal.evidence().isBlank() ? null : JSON.readTree(signal.evidence()).get("on_fail");
            return onFail == null || !onFail.isTextual() || onFail.asText().equals("block");
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /** The part of a check signal's evidence that names the check, for the deduplication key. */
    static String checkName(String evidence) {
        if (evidence == null || evidence.isBlank()) {
            return "";
        }
        try {
            return JSON.readTree(evidence).path("check").asText("");
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
