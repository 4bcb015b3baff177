package io.pipekeeper.postmortem;

import io.pipekeeper.PipekeeperException;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.incident.Impact;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentEvidence;
import io.pipekeeper.incident.IncidentStore;
import io.pipekeeper.markup.Markup;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.pipeline.RunStore;
import io.pipekeeper.quality.CheckStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jdbi.v3.core.Jdbi;

/**
 * Each incident's postmortem: a draft made from what pipekeeper knows ({@link PostmortemDraft}) until someone saves
 * one, then the saved text, which people edit. The {@code postmortems} table is written here alone.
 */
public final class Postmortems {
    /** The longest postmortem kept: a page of Markdown is a few thousand characters. */
    public static final int MOST_CHARACTERS = 200_000;
    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());

    private final Catalog catalog;
    private final Jdbi jdbi;
    private final IncidentStore incidents;
    private final RunStore runs;

    public Postmortems(Catalog catalog, Jdbi jdbi, IncidentStore incidents, RunStore runs) {
        this.catalog = catalog;
        this.jdbi = jdbi;
        this.incidents = incidents;
        this.runs = runs;
    }

    /** A postmortem that cannot be saved as given; the message says why. */
    public static final class Refused extends PipekeeperException {
        public Refused(String message) {
            super(message);
        }
    }

    /** A saved postmortem. */
    public record Saved(long incidentId, String markdown, Instant savedAt, String savedBy) {
    }

    public Optional<Saved> saved(long incidentId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM postmortems WHERE incident_id = :i").bind("i", incidentId)
                .map((rs, ctx) -> new Saved(rs.getLong("incident_id"), rs.getString("markdown"),
                        rs.getObject("saved_at", OffsetDateTime.class).toInstant(), rs.getString("saved_by"))).findOne());
    }

    /** The saved postmortem, else a fresh draft. */
    public String current(long incidentId, Instant now) {
        return saved(incidentId).map(Saved::markdown).orElseGet(() -> draft(incidentId, now));
    }

    /** A fresh draft from the incident as it stands at {@code now}. */
    public String draft(long incidentId, Instant now) {
        return PostmortemDraft.markdown(catalog, facts(incident(incidentId), now));
    }

    /** Saves {@code markdown} as the incident's postmortem, replacing what was saved; {@code by} is a person's id. */
    public Saved save(long incidentId, String markdown, String by, Instant now) {
        incident(incidentId);
        if (markdown == null || markdown.isBlank()) {
            throw new Refused("the postmortem of #" + incidentId + " is empty; write it, or start from the draft ('pipekeeper incident postmortem "
                    + incidentId + "')");
        }
        if (markdown.length() > MOST_CHARACTERS) {
            throw new Refused("the postmortem of #" + incidentId + " has " + markdown.length() + " characters; at most " + MOST_CHARACTERS
                    + " are kept: link long logs instead of pasting them");
        }
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        jdbi.useTransaction(handle -> {
            if (handle.createUpdate("UPDATE postmortems SET markdown = :m, saved_at = :at, saved_by = :by WHERE incident_id = :i")
                    .bind("m", markdown).bind("at", at).bind("by", by).bind("i", incidentId).execute() == 0) {
                handle.createUpdate("INSERT INTO postmortems (incident_id, markdown, saved_at, saved_by) VALUES (:i, :m, :at, :by)")
                        .bind("m", markdown).bind("at", at).bind("by", by).bind("i", incidentId).execute();
            }
            IncidentStore.event(handle, incidentId, now, "postmortem", by, "postmortem saved by " + by);
        });
        return new Saved(incidentId, markdown, now, by);
    }

    /** The incidents on {@code subject} with a saved postmortem, newest first: what the runbook links to. */
    public List<Incident> about(String subject) {
        List<Long> ids = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT p.incident_id FROM postmortems p JOIN incidents i ON i.id = p.incident_id
                        WHERE i.subject = :s ORDER BY i.opened_at DESC
                        """).bind("s", subject).mapTo(Long.class).list());
        return ids.stream().map(incidents::find).flatMap(Optional::stream).toList();
    }

    /** A whole HTML page of a postmortem: CommonMark with tables, raw HTML in it escaped, and a printable style. */
    public static String html(String title, String markdown) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Markup.escape(title) + " · pipekeeper</title><style>" + STYLE + "</style></head><body>" + body(markdown) + "</body></html>";
    }

    /** The postmortem as HTML, to put inside a page: raw HTML in the Markdown is escaped, links that run script are dropped. */
    public static String body(String markdown) {
        return HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).sanitizeUrls(true).build()
                .render(Parser.builder().extensions(EXTENSIONS).build().parse(markdown));
    }

    static final String STYLE = "body{font:15px/1.55 system-ui,sans-serif;color:#1d2330;max-width:56rem;margin:1.5rem auto;padding:0 1rem}"
            + "table{border-collapse:collapse}th,td{border:1px solid #e3e6ec;padding:.35rem .6rem;text-align:left;vertical-align:top}"
            + "code,pre{background:#f0f2f5;border-radius:4px}code{padding:.05rem .3rem}pre{padding:.6rem;overflow:auto}"
            + "h2{margin-top:1.8rem;border-bottom:1px solid #e3e6ec}";

    private Incident incident(long id) {
        return incidents.find(id).orElseThrow(() -> new Refused("no incident #" + id + "; see 'pipekeeper incidents --status all'"));
    }

    private PostmortemDraft.Facts facts(Incident incident, Instant now) {
        List<Impact> impacts = incidents.impacts(incident.id());
        Set<String> subjects = new LinkedHashSet<>(List.of(incident.subject()));
        Set<LocalDate> dates = new LinkedHashSet<>();
        incident.date().ifPresent(dates::add);
        impacts.forEach(impact -> {
            subjects.add(impact.subject());
            impact.date().ifPresent(dates::add);
        });
        List<Run> involved = new ArrayList<>();
        List<CheckStore.Outcome> failed = new ArrayList<>();
        for (LocalDate date : dates) {
            for (String subject : subjects) {
                if (catalog.pipelines().containsKey(subject)) {
                    involved.addAll(runs.runs(Optional.of(subject), Optional.of(date), Optional.of(date)));
                }
            }
            runs.checks().outcomes(date, date).stream().filter(o -> !o.passed() && subjects.contains(o.subject())).forEach(failed::add);
        }
        return new PostmortemDraft.Facts(incident, impacts, incidents.timeline(incident.id()), new Outbox(jdbi).of(incident.id()),
                IncidentEvidence.of(runs.signals(), incident), involved, failed, now);
    }
}
