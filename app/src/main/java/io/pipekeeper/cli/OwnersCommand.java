package io.pipekeeper.cli;

import io.pipekeeper.owners.OwnershipPlanner;
import io.pipekeeper.owners.OwnershipReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "owners", mixinStandardHelpOptions = true,
        description = {"Shows who owns each pipeline and how the load is spread (load = 2 × primary + secondary).",
            "Warns when someone's load is more than 50%% above the team mean, or someone owns nothing."},
        subcommands = OwnersCommand.Suggest.class)
final class OwnersCommand extends BaseCommand {
    @Option(names = "--json", description = "Print one JSON document: {pipelines, people, warnings}.")
    boolean json;

    @Override
    public Integer call() {
        OwnershipReport report = OwnershipReport.of(catalog());
        if (json) {
            printJson(report);
        } else {
            print(report, out());
        }
        return Cli.OK;
    }

    static void print(OwnershipReport report, PrintWriter out) {
        Table pipelines = new Table("area", "pipeline", "audience", "primary", "secondary");
        report.pipelines().forEach(p -> pipelines.row(p.area(), p.id(), p.audience(), p.primary(), p.secondary()));
        pipelines.print(out);
        out.println();
        Table people = new Table("person", "primary", "secondary", "load");
        report.people().forEach(p -> people.row(p.id(), p.primary(), p.secondary(), p.load()));
        people.print(out);
        report.warnings().forEach(w -> out.println("warning: " + w));
    }

    @Command(name = "suggest", mixinStandardHelpOptions = true,
            description = {"Proposes a primary and a secondary owner per pipeline, matching people's skills to each",
                "pipeline's needs and balancing the load (expertise, workload, development, continuity).",
                "Deterministic: the same file gives the same proposal. Changes nothing."})
    static final class Suggest extends BaseCommand {
        @Option(names = "--json", description = "Print one JSON document: {picks, people, warnings, score}.")
        boolean json;

        @Override
        public Integer call() {
            OwnershipPlanner.Suggestion suggestion = app(catalog()).suggestOwners();
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("picks", suggestion.picks());
                result.put("people", suggestion.report().people());
                result.put("warnings", suggestion.report().warnings());
                result.put("score", suggestion.score());
                printJson(result);
                return Cli.OK;
            }
            Table picks = new Table("pipeline", "primary", "secondary");
            suggestion.picks().forEach(p -> picks.row(p.pipeline(), p.primary(), p.secondary()));
            picks.print(out());
            out().println();
            suggestion.picks().forEach(p -> out().println(p.pipeline() + ": " + p.reason()));
            out().println();
            Table people = new Table("person", "primary", "secondary", "load");
            suggestion.report().people().forEach(p -> people.row(p.id(), p.primary(), p.secondary(), p.load()));
            people.print(out());
            suggestion.report().warnings().forEach(w -> out().println("warning: " + w));
            return Cli.OK;
        }
    }
}
