package io.pipekeeper.config;

import java.util.List;

/**
 * A pipeline the team keeps: what it computes, for whom, who owns it, and when it must be done.
 *
 * @param audience  who reads its output: investors, experiments or internal
 * @param needs     skills its owners should have
 * @param dependsOn pipelines whose output it reads
 */
public record Pipeline(String id, String area, String name, String audience, String purpose, Owners owners,
                       List<String> needs, List<String> dependsOn, Schedule schedule, List<Metric> metrics) {
    public Pipeline {
        needs = List.copyOf(needs);
        dependsOn = List.copyOf(dependsOn);
        metrics = List.copyOf(metrics);
    }

    /** A metric the pipeline publishes, with its definition in words. */
    public record Metric(String name, String definition) {
    }
}
