package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Suggestions;
import io.pipekeeper.engine.Publisher;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.quality.CheckResult;
import io.pipekeeper.quality.CheckRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Runs the data checks of sources (their partition for the date) and pipelines (their published",
            "output) on their own, stores the results and raises signals. Exit 0 when nothing failed, 1 otherwise."})
final class CheckCommand extends BaseCommand {
    @Parameters(paramLabel = "SOURCE|PIPELINE", arity = "0..*", description = "What to check (default: every source and pipeline).")
    List<String> subjects = new ArrayList<>();

    @Option(names = "--date", paramLabel = "DATE", required = true, description = "The date to check (YYYY-MM-DD).")
    String date;

    @Option(names = "--json", description = "Print {date, results:[{subject, check, status, severity, observed, expected, failing_rows, sample, query}]}.")
    boolean json;

    @Override
    public Integer call() {
        Catalog catalog = catalog();
        Set<String> known = new LinkedHashSet<>(catalog.sources().keySet());
        known.addAll(catalog.pipelines().keySet());
        for (String subject : subjects) {
            if (!known.contains(subject)) {
                throw new BadInputException("'" + subject + "' is neither a source nor a pipeline" + Suggestions.didYouMean(subject, known));
            }
        }
        LocalDate day = Times.date("--date", date);
        List<String> wanted = subjects.isEmpty() ? new ArrayList<>(known) : subjects;
        List<CheckResult> results = new ArrayList<>();
        try (App app = app(catalog); CheckRunner checks = app.checkRunner()) {
            RunStore store = app.runStore();
            for (String subject : wanted) {
                CheckRunner.Outcome outcome;
                if (catalog.sources().containsKey(subject)) {
                    outcome = checks.checkSource(subject, day);
                } else {
                    Path output = Publisher.outputFile(catalog.storage().warehouse(), subject, day);
                    if (!Files.isRegularFile(output)) {
                        if (!catalog.pipeline(subject).checks().isEmpty()) {
                            invocation().err().println("pipekeeper: " + subject + " has no output for " + day + " to check (" + output + ")");
                        }
                        continue;
                    }
                    outcome = checks.checkOutput(subject, day, output);
                }
                results.addAll(outcome.results());
                store.saveMetrics(subject, day, outcome.metrics(), now());
            }
            store.checks().save(results, now());
            app.incidentLoop().runOnce(now());
            app.deliveryLoop().runOnce(now());
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("date", day.toString());
            out.put("results", results.stream().map(CheckCommand::json).toList());
            printJson(out);
        } else {
            Table table = new Table("subject", "check", "status", "severity", "observed", "expected");
            results.forEach(r -> table.row(r.subject(), r.check(), r.status().text(), r.severity().orElse(""), shorten(r.observed()),
                    shorten(r.expected())));
            table.print(out());
            results.stream().filter(r -> !r.passed() && !r.query().isEmpty()).forEach(r ->
                    out().println("  " + r.subject() + " " + r.check() + ": " + r.query()));
        }
        boolean failed = results.stream().anyMatch(r -> r.status() == CheckResult.Status.FAILED || r.status() == CheckResult.Status.ERROR);
        return failed ? Cli.FAILED : Cli.OK;
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 79) + "…";
    }

    static Map<String, Object> json(CheckResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("subject", result.subject());
        json.put("check", result.check());
        json.put("status", result.status().text());
        json.put("severity", result.severity().orElse(null));
        json.put("observed", result.observed());
        json.put("expected", result.expected());
        json.put("failing_rows", result.failingRows());
        json.put("sample", result.sample());
        json.put("query", result.query());
        return json;
    }
}
