package io.pipekeeper.cli;

import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.engine.Engines;
import io.pipekeeper.config.ConfigException;
import io.pipekeeper.config.ConfigProblem;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks the configuration and reports every problem at once (exit code 2 when there is one), and warns",
            "of what would still reach nobody: an escalation step by a channel that is not configured (exit code 0)."})
final class ValidateCommand extends BaseCommand {
    @Option(names = "--json", description = "Print one JSON document: {ok, pipelines, people, warnings} or {ok, problems}.")
    boolean json;

    @Override
    public Integer call() {
        Path file = configFile();
        if (!json) {
            ConfigLoader.Loaded loaded = loader().loadWithWarnings(file, shown(file));
            loaded.warnings().forEach(warning -> invocation().err().println(warning.withMessage("warning: " + warning.message())));
            int pipelines = loaded.catalog().pipelines().size();
            int warnings = loaded.warnings().size();
            out().println("ok: " + pipelines + (pipelines == 1 ? " pipeline, " : " pipelines, ") + loaded.catalog().people().size() + " people"
                    + (warnings == 0 ? "" : " (" + warnings + (warnings == 1 ? " warning" : " warnings") + " above)"));
            return Cli.OK;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            ConfigLoader.Loaded loaded = loader().loadWithWarnings(file, shown(file));
            result.put("ok", true);
            result.put("pipelines", loaded.catalog().pipelines().size());
            result.put("people", loaded.catalog().people().size());
            result.put("warnings", problems(loaded.warnings()));
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
