package io.pipekeeper.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline the team keeps: what it computes, for whom, who owns it, and when it must be done.
 *
 * @param audience  who reads its output: investors, experiments or internal
 * @param needs     skills its owners should have
 * @param dependsOn pipelines whose output it reads
 * @param inputs    sources and pipeline outputs its SQL reads, each as a view of that name
 * @param sql       the query file, absolute
 * @param retries   attempts after the first, for errors that can pass
 * @param output    the versioned contract of its output, when it declares one
 * @param contractPins upstream pipeline → the contract versions this one accepts (^1, ~1.2, 1.2.0)
 * @param openLineageJob the job name OpenLineage events give this pipeline, when it is not the pipeline's id
 * @param runbook      notes for its runbook, and its reviews
 * @param engine       where it runs: {@code duckdb} (in this process) or {@code spark}
 * @param autoRecovery whether pipekeeper runs it again by itself once the cause that held it back clears
 * @param escalation   its own escalation policy, when it does not follow the team's
 */
public record Pipeline(String id, String area, String name, String audience, String purpose, Owners owners,
                       List<String> needs, List<String> dependsOn, Schedule schedule, List<Metric> metrics,
                       List<Input> inputs, Path sql, Resources resources, int retries, List<Check> checks,
                       Optional<OutputContract> output, Map<String, String> contractPins, Optional<String> openLineageJob,
                       RunbookSettings runbook, String engine, boolean autoRecovery, Optional<EscalationPolicy> escalation) {
    public Pipeline {
        checks = List.copyOf(checks);
        contractPins = Collections.unmodifiableMap(new LinkedHashMap<>(contractPins));
        needs = List.copyOf(needs);
        dependsOn = List.copyOf(dependsOn);
        metrics = List.copyOf(metrics);
        inputs = List.copyOf(inputs);
    }

    /** The same pipeline on another engine. */
    public Pipeline onEngine(String other) {
        return new Pipeline(id, area, name, audience, purpose, owners, needs, dependsOn, schedule, metrics, inputs, sql, resources, retries,
                checks, output, contractPins, openLineageJob, runbook, other, autoRecovery, escalation);
    }

    /** A metric the pipeline publishes, with its definition in words. */
    public record Metric(String name, String definition) {
    }
}
