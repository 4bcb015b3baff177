package io.pipekeeper.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pipekeeper.App;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.postmortem.Postmortems;
import io.pipekeeper.web.view.Views;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An incident's postmortem on the dashboard: the saved one (else pipekeeper's draft) as a page, and, for
 * responders, its Markdown in a form to edit and save.
 */
final class PostmortemRoutes {
    private static final Map<String, Object> POSTMORTEM_FORM = Schemas.open(List.of("csrf", "markdown"), "csrf", Schemas.STRING,
            "markdown", Schemas.STRING);

    private final App app;
    private final Audit audit;
    private final Supplier<Instant> clock;
    private final DashboardRoutes dashboard;

    PostmortemRoutes(App app, Audit audit, Supplier<Instant> clock, DashboardRoutes dashboard) {
        this.app = app;
        this.audit = audit;
        this.clock = clock;
        this.dashboard = dashboard;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/incidents/{id}/postmortem", Route.Access.PAGE_VIEWER, "An incident's postmortem: the saved one, else a draft", this::show),
                Route.post("/incidents/{id}/postmortem", Route.Access.PAGE_RESPONDER, "Saves an incident's postmortem from the dashboard", this::save)
                        .takes("application/x-www-form-urlencoded", POSTMORTEM_FORM));
    }

    private void show(Context ctx) {
        Incident incident = dashboard.incidentOf(ctx);
        Postmortems postmortems = app.postmortems();
        Optional<Postmortems.Saved> saved = postmortems.saved(incident.id());
        String markdown = saved.map(Postmortems.Saved::markdown).orElseGet(() -> postmortems.draft(incident.id(), clock.get()));
        String state = saved.map(s -> "Saved by " + s.savedBy() + " on " + io.pipekeeper.oncall.Roster.shown(s.savedAt(), app.catalog().team().timezone())
                + ".").orElse("A draft pipekeeper wrote from the timeline just now; nothing is saved until someone saves it.");
        boolean responder = DashboardRoutes.session(ctx).role().includes(io.pipekeeper.access.Role.RESPONDER);
        DashboardRoutes.render(ctx, 200, "postmortem.jte", Map.of("page", new Views.PostmortemPage(dashboard.frame(ctx, "Postmortem #" + incident.id()),
                incident.id(), incident.title(), state, Postmortems.body(markdown), markdown, responder)));
    }

    private void save(Context ctx) {
        Incident incident = dashboard.incidentOf(ctx);
        String person = DashboardRoutes.session(ctx).person();
        try {
            app.postmortems().save(incident.id(), Optional.ofNullable(ctx.formParam("markdown")).orElse("").replace("\r\n", "\n"), person, clock.get());
        } catch (Postmortems.Refused refused) {
            throw HttpError.badRequest("markdown", refused.getMessage());
        }
        audit.done(ctx, "postmortem", "incident #" + incident.id(), "saved from the dashboard");
        ctx.redirect("/incidents/" + incident.id() + "/postmortem", HttpStatus.SEE_OTHER);
    }
}
