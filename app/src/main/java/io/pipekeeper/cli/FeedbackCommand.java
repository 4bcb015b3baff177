package io.pipekeeper.cli;

import io.pipekeeper.App;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.incident.PageFeedback;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Whether an incident's page was worth it, as the person it reached says: what a page's useful and noise links do. */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = {"Says whether an incident's page was worth waking for: --useful or --noise (the latest answer of each person stands).",
                "Pages' links and the SMS replies 12u and 12n do the same; 'report noise' counts the answers, and checks called noise",
                "three times in 30 days are named in the hand-off mail."})
final class FeedbackCommand extends BaseCommand {
    @Parameters(paramLabel = "ID")
    long id;

    @ArgGroup(multiplicity = "1")
    Verdict verdict;

    static final class Verdict {
        @Option(names = "--useful", required = true, description = "The page was worth it.")
        boolean useful;

        @Option(names = "--noise", required = true, description = "It should not have paged.")
        boolean noise;
    }

    @Option(names = "--by", paramLabel = "P", required = true, description = "Who says so.")
    String by;

    @Override
    public Integer call() {
        Catalog catalog = catalog();
        String person = IncidentCommands.person(catalog, by);
        PageFeedback.Verdict said = verdict.noise ? PageFeedback.Verdict.NOISE : PageFeedback.Verdict.USEFUL;
        try (App app = app(catalog)) {
            new PageFeedback(app.store().jdbi()).record(id, person, said, now());
            audit(app, person, "feedback", "incident #" + id, "the page was " + said.text());
            out().println("incident #" + id + ": " + person + " called the page " + said.text());
        }
        return Cli.OK;
    }
}
