package io.pipekeeper.web;

import io.pipekeeper.markup.Markup;
import io.javalin.http.Context;
import io.pipekeeper.App;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentActions;
import io.pipekeeper.incident.PageFeedback;
import io.pipekeeper.notify.ActionLinks;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The acknowledge and resolve links of email pages. Opening one (GET) only shows what it will do, with a button:
 * mail scanners and link previews open links, and must not acknowledge anything. The button (POST) does it.
 * The signed token is the only credential: one action, one incident, one person, until it expires.
 */
final class LinkRoutes {
    private final App app;
    private final Audit audit;
    private final Supplier<Instant> clock;

    LinkRoutes(App app, Audit audit, Supplier<Instant> clock) {
        this.app = app;
        this.audit = audit;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/act/{token}", Route.Access.LINK, "What a signed link in a page will do, with a button to do it", this::confirm),
                Route.post("/act/{token}", Route.Access.LINK, "Do what a signed link says: acknowledge, resolve, or call the page useful or noise, as its person", this::act));
    }

    private void confirm(Context ctx) {
        ActionLinks.Action action = verify(ctx);
        Incident incident = app.incidentStore().find(action.incidentId())
                .orElseThrow(() -> HttpError.notFound("no incident #" + action.incidentId()));
        String verb = switch (action.verb()) {
            case "ack" -> "Acknowledge";
            case "resolve" -> "Resolve";
            case "useful" -> "Call the page useful";
            default -> "Call the page noise";
        };
        page(ctx, 200, verb + " incident #" + incident.id(), "<p>" + Markup.escape(incident.title()) + "</p>"
                + "<p>Severity " + Markup.escape(incident.severity()) + ", " + Markup.escape(incident.status().text()) + ".</p>"
                + "<form method=\"post\"><button type=\"submit\">" + verb + " as " + Markup.escape(action.person()) + "</button></form>");
    }

    private void act(Context ctx) {
        ActionLinks.Action action = verify(ctx);
        if (action.verb().equals("useful") || action.verb().equals("noise")) {
            feedback(ctx, action);
            return;
        }
        IncidentActions actions = app.incidentActions();
        Incident done;
        try {
            done = action.verb().equals("ack")
                    ? actions.acknowledge(action.incidentId(), action.person(), clock.get())
                    : actions.resolve(action.incidentId(), action.person(), "by the link in a page", clock.get());
        } catch (IncidentActions.Refused refused) {
            page(ctx, 409, "Nothing to do", "<p>" + Markup.escape(refused.getMessage()) + "</p>");
            return;
        }
        audit.done(ctx, action.verb().equals("ack") ? "acknowledge" : "resolve", "incident #" + done.id(), "by " + action.person()
                + " through the link in a page");
        page(ctx, 200, "Incident #" + done.id() + " " + done.status().text(), "<p>" + Markup.escape(done.title()) + "</p><p>"
                + Markup.escape(done.status().text()) + " by " + Markup.escape(action.person()) + "; later escalation steps are cancelled.</p>");
    }

    /** Whether the page was worth it: stored on the incident, the latest answer standing. */
    private void feedback(Context ctx, ActionLinks.Action action) {
        PageFeedback.Verdict verdict = action.verb().equals("noise") ? PageFeedback.Verdict.NOISE : PageFeedback.Verdict.USEFUL;
        try {
            new PageFeedback(app.store().jdbi()).record(action.incidentId(), action.person(), verdict, clock.get());
        } catch (IncidentActions.Refused refused) {
            page(ctx, 409, "Nothing to do", "<p>" + Markup.escape(refused.getMessage()) + "</p>");
            return;
        }
        audit.done(ctx, "feedback", "incident #" + action.incidentId(), action.person() + " called the page " + verdict.text());
        page(ctx, 200, "Thank you", "<p>Incident #" + action.incidentId() + "'s page is recorded as " + verdict.text() + ", for "
                + Markup.escape(action.person()) + "." + (verdict == PageFeedback.Verdict.NOISE
                ? " Checks whose pages are called noise three times in 30 days are named in the hand-off mail, with what to change." : "") + "</p>");
    }

    private ActionLinks.Action verify(Context ctx) {
        ActionLinks links = app.store().jdbi().inTransaction(ActionLinks::verifier);
        ActionLinks.Action action = links.verify(ctx.pathParam("token"), clock.get())
                .orElseThrow(() -> HttpError.forbidden("this link is not valid: it was altered, or it has expired; use the command in the page"));
        ctx.attribute(Audit.CALLER, "link:" + action.person());
        return action;
    }

    private static void page(Context ctx, int status, String title, String body) {
        ctx.status(status).html("<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                + "<title>" + Markup.escape(title) + " · pipekeeper</title></head><body style=\"font-family:sans-serif;max-width:40em;margin:2em auto\">"
                + "<h1>" + Markup.escape(title) + "</h1>" + body + "</body></html>");
    }
}
