package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.postmortem.Postmortems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** An incident's postmortem: the saved one, else a draft from what pipekeeper knows; saved as drafted, or from a file people edited. */
@Command(name = "postmortem", mixinStandardHelpOptions = true,
        description = {"Prints an incident's postmortem: the one saved, else a draft written from its timeline, impacts, pages, SLAs, runs and checks.",
                "Save the draft with --save --by YOU, edit it anywhere, and save your text with --from FILE --by YOU (the dashboard edits it too)."})
final class PostmortemCommand extends BaseCommand {
    @Parameters(paramLabel = "ID")
    long id;

    @Option(names = "--format", paramLabel = "md|html", defaultValue = "md", description = "Markdown (default), or a whole HTML page.")
    String format;

    @Option(names = "--draft", description = "A fresh draft even when one was saved.")
    boolean draft;

    @Option(names = "--save", description = "Save the draft (or the saved text, unchanged) as the postmortem.")
    boolean save;

    @Option(names = "--from", paramLabel = "FILE", description = "Save this Markdown file as the postmortem.")
    Path from;

    @Option(names = "--by", paramLabel = "P", description = "Who saves it (with --save or --from).")
    String by;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("md") && !format.equals("html")) {
            throw new BadInputException("--format: '" + format + "' is not a format; use md or html");
        }
        if ((save || from != null) && by == null) {
            throw new BadInputException("--by: required with " + (from != null ? "--from" : "--save") + ": say who saves the postmortem");
        }
        Catalog catalog = catalog();
        String author = by == null ? null : IncidentCommands.person(catalog, by);
        String text = null;
        if (from != null) {
            if (!Files.isReadable(from)) {
                throw new BadInputException("--from: " + from + " cannot be read; give the Markdown file of the postmortem");
            }
            text = Files.readString(from, StandardCharsets.UTF_8);
        }
        try (App app = app(catalog)) {
            Postmortems postmortems = app.postmortems();
            String markdown = text != null ? text : draft ? postmortems.draft(id, now()) : postmortems.current(id, now());
            if (save || from != null) {
                postmortems.save(id, markdown, author, now());
                audit(app, author, "postmortem", "incident #" + id, from != null ? "saved from " + from.getFileName() : "saved the draft");
                out().println("postmortem of incident #" + id + " saved by " + author + " (" + markdown.length() + " characters)");
                return Cli.OK;
            }
            out().print(format.equals("html") ? Postmortems.html("Postmortem #" + id, markdown) + "\n" : markdown);
        }
        return Cli.OK;
    }
}
