package io.pipekeeper.runbook;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentStore;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.pipeline.RunStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import io.pipekeeper.markup.Markup;
import org.commonmark.renderer.html.HtmlRenderer;

/** Every pipeline's runbook, from the store as it is now: in Markdown, or as an HTML page. */
public final class Runbooks {
    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());

    private final Catalog catalog;
    private final RunStore runs;
    private final IncidentStore incidents;
    private final RunbookReviews reviews;
    private final Supplier<Roster> roster;
    private final io.pipekeeper.postmortem.Postmortems postmortems;

    public Runbooks(Catalog catalog, RunStore runs, IncidentStore incidents, RunbookReviews reviews, Supplier<Roster> roster,
                    io.pipekeeper.postmortem.Postmortems postmortems) {
        this.postmortems = postmortems;
        this.catalog = catalog;
        this.runs = runs;
        this.incidents = incidents;
        this.reviews = reviews;
        this.roster = roster;
    }

    public String markdown(String pipelineId, Instant now) {
        return Runbook.markdown(catalog, facts(catalog.pipeline(pipelineId), now));
    }

    /** A whole HTML page: the Markdown rendered by CommonMark (with tables), and a plain, printable style. */
    public String html(String pipelineId, Instant now) {
        String body = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).sanitizeUrls(true).build()
                .render(Parser.builder().extensions(EXTENSIONS).build().parse(markdown(pipelineId, now)));
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>Runbook: " + Markup.escape(pipelineId) + " · pipekeeper</title><style>body{font:15px/1.55 system-ui,sans-serif;color:#1d2330;max-width:52rem;"
                + "margin:1.5rem auto;padding:0 1rem}table{border-collapse:collapse}th,td{border:1px solid #e3e6ec;padding:.35rem .6rem;text-align:left}"
                + "code{background:#f0f2f5;padding:.05rem .3rem;border-radius:4px}h2{margin-top:1.8rem;border-bottom:1px solid #e3e6ec}</style></head><body>"
                + body + "</body></html>";
    }

    /** The review of one runbook, for the dashboard's stale marks. */
    public Optional<RunbookReviews.Review> review(String pipelineId) {
        return reviews.latest(catalog.pipeline(pipelineId));
    }

    private Runbook.Facts facts(Pipeline pipeline, Instant now) {
        Optional<Run> last = runs.runs(Optional.of(pipeline.id()), Optional.empty(), Optional.empty()).stream().reduce((a, b) -> b);
        Set<String> subjects = new java.util.HashSet<>(List.of(pipeline.id()));
        pipeline.inputs().stream().filter(i -> i.kind() == io.pipekeeper.config.Input.Kind.SOURCE).forEach(i -> subjects.add(i.name()));
        List<Incident> all = incidents.list(false).stream().filter(i -> subjects.contains(i.subject())).toList();
        List<Incident> recent = all.stream().filter(i -> !i.open()).sorted(Comparator.comparing(Incident::openedAt).reversed()).limit(5).toList();
        java.util.Map<Long, String> endings = new java.util.HashMap<>();
        for (Incident incident : recent) {
            incidents.timeline(incident.id()).stream().filter(e -> e.kind().equals("resolved")).reduce((a, b) -> b)
                    .ifPresent(e -> endings.put(incident.id(), e.text()));
        }
        return new Runbook.Facts(pipeline, roster.get(), now, last, all.stream().filter(Incident::open).toList(), recent, endings,
                reviews.latest(pipeline), catalog.baseUrl(), subjects.stream().flatMap(subject -> postmortems.about(subject).stream()).toList());
    }
}
