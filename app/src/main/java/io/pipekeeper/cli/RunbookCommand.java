package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.runbook.Runbooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "runbook", mixinStandardHelpOptions = true,
        description = {"Each pipeline's runbook, written from what pipekeeper knows: purpose, metrics, schedule, inputs, SLAs, owners,",
            "who is on call, the on-call procedure, what can go wrong and what to do, recent incidents, reviews."},
        subcommands = RunbookCommand.Review.class)
final class RunbookCommand extends BaseCommand {
    @Parameters(paramLabel = "PIPELINE", arity = "0..*", description = "Which pipelines (default: all).")
    List<String> pipelines = List.of();

    @Option(names = "--format", defaultValue = "md", paramLabel = "FORMAT", description = "md (CommonMark, default) or html.")
    String format;

    @Option(names = "--out", paramLabel = "DIR", description = "Write one file per pipeline into DIR instead of printing.")
    Path out;

    @Override
    public Integer call() {
        if (!format.equals("md") && !format.equals("html")) {
            throw new BadInputException("--format: '" + format + "' is not md or html");
        }
        Catalog catalog = catalog();
        RunCommands.requirePipelines(catalog, pipelines);
        List<String> chosen = pipelines.isEmpty() ? List.copyOf(catalog.pipelines().keySet()) : pipelines;
        try (App app = app(catalog)) {
            Runbooks runbooks = app.runbooks();
            for (String pipeline : chosen) {
                String text = format.equals("md") ? runbooks.markdown(pipeline, now()) : runbooks.html(pipeline, now());
                if (out == null) {
                    out().print(text);
                    if (chosen.size() > 1) {
                        out().println();
                    }
                } else {
                    Path file = write(invocation().workingDir().resolve(out), pipeline + "." + format, text);
                    out().println("wrote " + shown(file));
                }
            }
        }
        return Cli.OK;
    }

    /** Writes a file atomically: staged beside it, then moved into place. */
    static Path write(Path dir, String name, String text) {
        try {
            Files.createDirectories(dir);
            Path staging = Files.createTempFile(dir, ".runbook", ".tmp");
            Files.writeString(staging, text);
            return Files.move(staging, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
        }
    }

    @Command(name = "review", mixinStandardHelpOptions = true, description = "Records that a person reviewed a pipeline's runbook today.")
    static final class Review extends BaseCommand {
        @Parameters(paramLabel = "PIPELINE")
        String pipeline;

        @Option(names = "--by", required = true, paramLabel = "P", description = "Who reviewed it.")
        String by;

        @Override
        public Integer call() {
            Catalog catalog = catalog();
            RunCommands.requirePipelines(catalog, List.of(pipeline));
            IncidentCommands.person(catalog, "--by", by);
            try (App app = app(catalog)) {
                LocalDate today = today(catalog.team().timezone());
                app.runbookReviews().record(pipeline, by, today, now());
                audit(app, by, "runbook review", pipeline, null);
                out().println("runbook of " + pipeline + " reviewed by " + by + " on " + today + "; next review due "
                        + app.runbookReviews().latest(catalog.pipeline(pipeline)).orElseThrow().due());
            }
            return Cli.OK;
        }
    }
}
