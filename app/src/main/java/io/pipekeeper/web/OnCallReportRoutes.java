package io.pipekeeper.web;

import io.javalin.http.Context;
import io.pipekeeper.App;
import io.pipekeeper.incident.OnCallReport;
import io.pipekeeper.web.view.Views;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The on-call report on the dashboard ({@code /oncall/report?from=&to=}) and as CSV for payroll ({@code /oncall/report.csv}). */
final class OnCallReportRoutes {
    private final App app;
    private final Supplier<Instant> clock;
    private final DashboardRoutes dashboard;

    OnCallReportRoutes(App app, Supplier<Instant> clock, DashboardRoutes dashboard) {
        this.app = app;
        this.clock = clock;
        this.dashboard = dashboard;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/oncall/report", Route.Access.PAGE_VIEWER, "Who carried the on-call load: hours, weekends, holidays, pages by day and night, answers: "
                        + "?from=&to=", this::page),
                Route.get("/oncall/report.csv", Route.Access.PAGE_VIEWER, "The on-call report as CSV, for on-call pay: ?from=&to=", this::csv));
    }

    /** The report of {@code ?from=&to=} (dates in the team's zone; default the 30 days up to today). */
    private OnCallReport report(Context ctx) {
        ZoneId zone = app.catalog().team().timezone();
        LocalDate to = DashboardRoutes.date(ctx, "to").orElse(clock.get().atZone(zone).toLocalDate());
        LocalDate from = DashboardRoutes.date(ctx, "from").orElse(to.minusDays(29));
        if (to.isBefore(from) || to.toEpochDay() - from.toEpochDay() > 366) {
            throw HttpError.badRequest("to", "'" + to + "' must be on or after from ('" + from + "'), at most a year later");
        }
        return OnCallReport.load(app.catalog(), app.roster(), app.store().jdbi(), from, to);
    }

    private void page(Context ctx) {
        OnCallReport report = report(ctx);
        DashboardRoutes.render(ctx, 200, "oncall-report.jte", Map.of("page", new Views.OnCallReportPage(dashboard.frame(ctx, "On-call report"), report,
                app.catalog().team().workingHours().map(io.pipekeeper.config.WorkingHours::shown).orElse("Mon–Fri 09:00–17:00"))));
    }

    private void csv(Context ctx) {
        OnCallReport report = report(ctx);
        ctx.contentType("text/csv; charset=utf-8").header("Content-Disposition", "attachment; filename=\"oncall-" + report.from() + "-to-"
                + report.to() + ".csv\"").result(report.csv());
    }
}
