package io.pipekeeper.web;

import io.javalin.http.Context;
import io.pipekeeper.App;
import io.pipekeeper.config.StatusPageSettings;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.status.StatusReport;
import io.pipekeeper.web.view.Views;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Each audience's status page, {@code /status/investors}, and its JSON ({@code /status/investors.json}): public
 * when {@code status_pages.<audience>.public} says so, else for people logged in. It names metrics, dates and
 * states only: never people, queries or rows.
 */
final class StatusRoutes {
    /** The page reloads itself this often, so that a screen on a wall stays current without JavaScript. */
    static final int REFRESH_SECONDS = 60;
    private static final Map<String, Object> STATUS = Schemas.open(List.of("audience", "state", "metrics", "days"), "audience", Schemas.STRING,
            "state", Map.of("enum", List.of("up to date", "late", "under investigation")), "metrics", Map.of("type", "array"), "days", Map.of("type", "array"));

    private final App app;
    private final Supplier<Instant> clock;

    StatusRoutes(App app, Supplier<Instant> clock) {
        this.app = app;
        this.clock = clock;
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (String audience : app.catalog().audiences()) {
            StatusPageSettings settings = app.catalog().statusPage(audience);
            Route.Access page = settings.open() ? Route.Access.PUBLIC : Route.Access.PAGE_VIEWER;
            Route.Access json = settings.open() ? Route.Access.PUBLIC : Route.Access.VIEWER;
            routes.add(Route.get("/status/" + audience, page, "The " + audience + " status page: each metric's state, open incidents in plain words, 30 days",
                    ctx -> page(ctx, audience)));
            routes.add(Route.get("/status/" + audience + ".json", json, "The " + audience + " status page as JSON", ctx -> json(ctx, audience))
                    .answers(200, "application/json", STATUS));
        }
        return routes;
    }

    private void page(Context ctx, String audience) {
        StatusReport report = app.statusPages().report(audience, clock.get());
        ZoneId zone = app.catalog().team().timezone();
        List<Views.StatusMetric> metrics = report.metrics().stream().map(m -> new Views.StatusMetric(m.name(), m.state().text(),
                tone(m.state()), m.dataDate().map(LocalDate::toString).orElse("none yet"), m.lastGoodRun().map(at -> Roster.shown(at, zone)).orElse("none yet")))
                .toList();
        List<Views.StatusDay> days = report.days().stream().map(d -> new Views.StatusDay(d.date().toString(), d.state(), d.text())).toList();
        DashboardRoutes.render(ctx, 200, "status.jte", Map.of("page", new Views.StatusPage(report.title(), app.catalog().team().name(),
                report.state().text(), tone(report.state()), Roster.shown(report.at(), zone), metrics, report.notices(), days, REFRESH_SECONDS)));
    }

    private void json(Context ctx, String audience) {
        ctx.json(app.statusPages().report(audience, clock.get()).json());
    }

    private static String tone(StatusReport.State state) {
        return switch (state) {
            case UP_TO_DATE -> "ok";
            case LATE -> "warn";
            case UNDER_INVESTIGATION -> "bad";
        };
    }
}
