package io.pipekeeper.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole validated configuration: one immutable value, read once at start and handed down in parts.
 *
 * @param file       the file it was read from; relative paths in it are relative to its folder
 * @param store      JDBC URL of the state store, when the file names one (else the embedded H2 default)
 * @param severities severity levels by name, most severe first, in the file's order
 * @param pipelines  pipelines by id, in the file's order
 * @param storage    where sources, outputs and quarantined rows live
 * @param sources    data the pipelines read, by id
 * @param email      the SMTP server that email pages go through, when configured
 * @param phone      Twilio, for SMS and voice pages, when configured
 * @param slack      the Slack incoming webhook that team pages post to, when configured
 * @param webhook    the signed HTTP endpoint pages are posted to, when configured
 * @param teams      the Microsoft Teams workflow that team pages post to as Adaptive Cards, when configured
 * @param baseUrl    where people reach the server, for links in pages
 * @param severityRules the team's severity rules, first match wins, before the defaults
 * @param integrations outside systems whose alerts become signals, by name
 * @param spark      where pipelines with {@code engine: spark} run ({@code local[*]} when not configured)
 * @param statusPages the status pages configured, by audience: whether each is public, and its title
 */
public record Catalog(Path file, int version, Optional<String> store, Team team, Map<String, Sla> severities,
                      OnCall oncall, Map<String, Pipeline> pipelines, Storage storage, Map<String, Source> sources,
                      Optional<EmailSettings> email, Optional<PhoneSettings> phone, Optional<SlackSettings> slack,
                      Optional<WebhookSettings> webhook, Optional<TeamsSettings> teams, Optional<String> baseUrl,
                      List<SeverityRule> severityRules, Map<String, Integration> integrations, SparkSettings spark,
                      List<MaintenanceWindow> maintenance, Map<String, StatusPageSettings> statusPages) {
    public Catalog {
        statusPages = Collections.unmodifiableMap(new LinkedHashMap<>(statusPages));
        maintenance = List.copyOf(maintenance);
        file = file.toAbsolutePath().normalize();
        store = store == null ? Optional.empty() : store;
        severities = Collections.unmodifiableMap(new LinkedHashMap<>(severities));
        pipelines = Collections.unmodifiableMap(new LinkedHashMap<>(pipelines));
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        severityRules = List.copyOf(severityRules);
        integrations = Collections.unmodifiableMap(new LinkedHashMap<>(integrations));
    }

    /**
     * This catalog with email sent through {@code smtp} and every other channel turned off: what the demo uses,
     * so that it pages an in-process mail server and never a real person.
     */
    public Catalog withOnlyEmail(EmailSettings smtp) {
        return new Catalog(file, version, store, team, severities, oncall, pipelines, storage, sources, Optional.of(smtp), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), baseUrl, severityRules, integrations, spark, maintenance, statusPages);
    }

    /** This catalog with every pipeline on one engine, and Spark (when that is the engine) at {@code spark}. */
    public Catalog onEngine(String engine, SparkSettings spark) {
        Map<String, Pipeline> moved = new LinkedHashMap<>();
        pipelines.forEach((id, pipeline) -> moved.put(id, pipeline.onEngine(engine)));
        return new Catalog(file, version, store, team, severities, oncall, moved, storage, sources, email, phone, slack, webhook, teams, baseUrl,
                severityRules, integrations, spark, maintenance, statusPages);
    }

    /** The audiences some pipeline names, in the file's order: each has a status page. */
    public List<String> audiences() {
        return pipelines.values().stream().map(Pipeline::audience).distinct().toList();
    }

    /** The status page of {@code audience}: as configured, else behind a login with a plain title. */
    public StatusPageSettings statusPage(String audience) {
        return statusPages.getOrDefault(audience, StatusPageSettings.defaultFor(audience));
    }

    /** The folder that relative paths in the file start from. */
    public Path baseDir() {
        return file.getParent();
    }

    /** Every escalation policy in the file: the team's, then the pipelines' own. */
    public List<EscalationPolicy> policies() {
        List<EscalationPolicy> policies = new ArrayList<>(List.of(oncall.escalation()));
        pipelines.values().forEach(p -> p.escalation().ifPresent(policies::add));
        return policies;
    }

    public Pipeline pipeline(String id) {
        Pipeline pipeline = pipelines.get(id);
        if (pipeline == null) {
            throw new IllegalArgumentException("no pipeline '" + id + "'" + Suggestions.didYouMean(id, pipelines.keySet()));
        }
        return pipeline;
    }

    public List<Person> people() {
        return team.people();
    }
}
