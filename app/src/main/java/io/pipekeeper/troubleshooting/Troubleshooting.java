package io.pipekeeper.troubleshooting;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Check;
import io.pipekeeper.config.Input;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.config.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The "what can go wrong" of a pipeline's runbook: an entry for each check on its output and on its sources, and
 * one for each class of problem the team's runbook names (data quality, pipeline failures, scalability, security,
 * dependencies): the symptom, the first three things to look at, and the command that runs it again. Pure: it
 * reads the catalog only, so a page can carry the entry that matches its incident.
 */
public final class Troubleshooting {
    private final Catalog catalog;

    public Troubleshooting(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * One entry.
     *
     * @param answers what it answers: a check's names (the declared one, and one per column as check results name them:
     *                {@code not_null(user_id)}), or a class ({@code pipeline-failure})
     * @param look    the first three things to look at
     * @param note    the team's own words, from the configuration, when there are some
     */
    public record Entry(List<String> answers, String title, String symptom, List<String> look, String command, Optional<String> note) {
        public Entry {
            answers = List.copyOf(answers);
            look = List.copyOf(look);
        }
    }

    public List<Entry> entries(Pipeline pipeline) {
        List<Entry> entries = new ArrayList<>();
        String rerun = "pipekeeper run " + pipeline.id() + " --date DAY";
        for (Check check : pipeline.checks()) {
            entries.add(check(check, pipeline.id() + " output", rerun));
        }
        for (Input input : pipeline.inputs()) {
            Source source = input.kind() == Input.Kind.SOURCE ? catalog.sources().get(input.name()) : null;
            if (source != null) {
                for (Check check : source.checks()) {
                    entries.add(check(check, "source " + source.id(), "pipekeeper check " + source.id() + " --date DAY && " + rerun));
                }
            }
        }
        String upstream = pipeline.dependsOn().isEmpty() ? "its sources' partitions for the day"
                : "the upstream runs: pipekeeper runs --from DAY (" + String.join(", ", pipeline.dependsOn()) + ")";
        entries.add(new Entry(List.of("data-quality"), "Data quality: inconsistent, missing or badly formatted data",
                "a check fails or warns; the run is blocked when the check's on_fail is block",
                List.of("the failing rows and the query in the incident's evidence (pipekeeper incident show ID)",
                        "the day's source partition under storage.raw, and whether it arrived complete",
                        "the same check on the days before: pipekeeper check " + pipeline.id() + " --date DAY"),
                "pipekeeper backfill " + pipeline.id() + " --from DAY --to DAY", Optional.empty()));
        entries.add(new Entry(List.of("pipeline-failure"), "Pipeline failures: the run crashes, errors or is blocked",
                "run_failed or run_blocked; the error is on the run (pipekeeper runs --from DAY)",
                List.of("the run's error and its diagnosis (out of memory, time-out, a missing column)", upstream,
                        "what changed since the last good run: the SQL file " + pipeline.sql().getFileName() + " and the sources' contracts"),
                rerun, Optional.empty()));
        entries.add(new Entry(List.of("scalability"), "Scalability: growing volume, slow runs, not enough memory or CPU",
                "runs near or past the deadline; resource_exhausted; a capacity_risk signal",
                List.of("the run times and the capacity forecast on the dashboard's pipeline page",
                        "rows in and out of the last runs (pipekeeper runs --from DAY)",
                        "resources.memory and resources.threads of the pipeline in the configuration"),
                rerun, Optional.empty()));
        entries.add(new Entry(List.of("security"), "Security: unauthorized access to data or metrics, leaks",
                "a security incident (requests denied from one address), or a pii_leak check failing",
                List.of("the audit log: pipekeeper audit --from DAY", "the API tokens: pipekeeper token list (revoke what you do not know)",
                        "who may read the metrics of investor-facing pipelines (tokens and logins with the investors scope)"),
                "pipekeeper token revoke NAME", Optional.empty()));
        entries.add(new Entry(List.of("dependency"), "Dependencies: an upstream or downstream change breaks compatibility",
                "schema_breaking, schema_drift or contract_conflict; a consumer blocked by its producer",
                List.of("the contract differences in the incident's evidence", "the producer's output.contract version and the pins in depends_on",
                        "the SQL that reads the changed columns: " + pipeline.sql().getFileName()),
                rerun, Optional.empty()));
        return entries;
    }

    /** The entry that answers an incident: its check's entry, else its class's. */
    public Optional<Entry> forIncident(String subject, String kind, String check) {
        Optional<Pipeline> pipeline = owning(subject);
        if (pipeline.isEmpty()) {
            return Optional.empty();
        }
        List<Entry> entries = entries(pipeline.get());
        String key = !check.isEmpty() ? check : switch (kind) {
            case "run_failed", "run_blocked", "deadline_missed" -> "pipeline-failure";
            case "resource_exhausted", "capacity_risk" -> "scalability";
            case "security", "pii_leak" -> "security";
            case "schema_breaking", "schema_drift", "contract_conflict" -> "dependency";
            default -> "data-quality";
        };
        return entries.stream().filter(e -> e.answers().contains(key)).findFirst()
                .or(() -> entries.stream().filter(e -> e.answers().contains("data-quality")).findFirst());
    }

    /** The pipeline an incident's subject belongs to: itself, or for a source the first pipeline that reads it. */
    public Optional<Pipeline> owning(String subject) {
        if (catalog.pipelines().containsKey(subject)) {
            return Optional.of(catalog.pipeline(subject));
        }
        return catalog.pipelines().values().stream()
                .filter(p -> p.inputs().stream().anyMatch(i -> i.kind() == Input.Kind.SOURCE && i.name().equals(subject))).findFirst();
    }

    private static Entry check(Check check, String on, String command) {
        String what = switch (check.type()) {
            case NOT_NULL -> "values are missing in " + String.join(", ", check.columns());
            case UNIQUE -> "duplicate keys in " + String.join(", ", check.columns());
            case ACCEPTED_VALUES -> "unexpected values in " + String.join(", ", check.columns());
            case RANGE -> "values out of range in " + String.join(", ", check.columns());
            case PATTERN, FORMAT -> "badly formatted values in " + String.join(", ", check.columns());
            case REFERENCES -> "keys that point nowhere in " + String.join(", ", check.columns());
            case ROW_COUNT -> "too few or too many rows";
            case FRESHNESS -> "the data is late";
            case VOLUME -> "the day's row count is unlike the days before";
            case DISTRIBUTION -> "a column's null rate, distinct count or mean moved";
            case RECONCILE -> "two totals that must agree do not";
            case NO_PII -> "personal data in an output";
            case SQL -> "rows returned by the check's query";
            case SCHEMA -> "the columns do not match the contract";
        };
        List<String> answers = new ArrayList<>(List.of(check.name()));
        check.columns().forEach(column -> answers.add(check.type().text() + "(" + column + ")"));
        return new Entry(answers, check.name() + " on " + on, what + (check.onFail() == Check.OnFail.BLOCK ? "; consumers are blocked" : ""),
                List.of("the failing rows, the sample and the query in the incident's evidence",
                        "the same check on the day before, to see when it started",
                        "the producer of the data: the source's delivery, or the upstream run"),
                command, check.runbook());
    }
}
