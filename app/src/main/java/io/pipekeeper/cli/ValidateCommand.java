package io.pipekeeper.cli;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigException;
import io.pipekeeper.config.ConfigProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks the configuration and reports every problem at once (exit code 2 when there is one).")
final class ValidateCommand extends BaseCommand {
    @Option(names = "--json", description = "Print one JSON document: {ok, pipelines, people} or {ok, problems}.")
    boolean json;

    @Override
    public Integer call() {
        if (!json) {
            Catalog catalog = catalog();
            out().println("ok: " + catalog.pipelines().size() + " pipelines, " + catalog.people().size() + " people");
            return Cli.OK;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            Catalog catalog = catalog();
            result.put("ok", true);
            result.put("pipelines", catalog.pipelines().size());
            result.put("people", catalog.people().size());
            printJson(result);
            return Cli.OK;
        } catch (ConfigException e) {
            result.put("ok", false);
            result.put("problems", problems(e.problems()));
            printJson(result);
            return Cli.BAD_INPUT;
        }
    }

    private static List<Map<String, Object>> problems(List<ConfigProblem> problems) {
        return problems.stream().map(p -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", p.file());
            row.put("line", p.line());
            row.put("column", p.column());
            row.put("path", p.path().isRoot() ? "" : p.path().toString());
            row.put("message", p.message());
            return row;
        }).toList();
    }
}
