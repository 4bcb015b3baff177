package io.pipekeeper.web;

import io.pipekeeper.markup.Markup;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.pipekeeper.App;
import io.pipekeeper.access.LoginAttempts;
import io.pipekeeper.access.Sessions;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentActions;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.oncall.Assignment;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.oncall.Segment;
import io.pipekeeper.oncall.Source;
import io.pipekeeper.pipeline.CapacityForecast;
import io.pipekeeper.pipeline.CronTimes;
import io.pipekeeper.pipeline.MetricValues;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.web.view.Views;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The dashboard: server-rendered pages (jte templates, no JavaScript needed) for people logged in with a
 * session: the overview, an incident with its timeline and buttons, a pipeline's runs, the on-call month.
 */
final class DashboardRoutes {
    static final String SESSION_COOKIE = "pk_session";
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

    private final App app;
    private final Audit audit;
    private final Supplier<Instant> clock;
    private final LoginAttempts throttle;

    DashboardRoutes(App app, Audit audit, Supplier<Instant> clock) {
        this.app = app;
        this.audit = audit;
        this.clock = clock;
        this.throttle = new LoginAttempts(app.store().jdbi());
    }

    List<Route> routes() {
        return List.of(
                Route.get("/login", Route.Access.PUBLIC, "How to log in to the dashboard", this::loginPage),
                Route.get("/login/{token}", Route.Access.LINK, "A one-time login link: says whom it logs in, and uses nothing up",
                        this::loginLinkPage),
                Route.post("/login/{token}", Route.Access.LINK, "Uses a one-time login link: starts a session", this::login),
                Route.post("/logout", Route.Access.PAGE_VIEWER, "Ends the session", this::logout),
                Route.get("/", Route.Access.PAGE_VIEWER, "The overview: on call, open incidents, pipelines", this::overview),
                Route.get("/incidents/{id}", Route.Access.PAGE_VIEWER, "An incident: timeline, pages, buttons", this::incident),
                Route.post("/incidents/{id}/ack", Route.Access.PAGE_RESPONDER, "Acknowledge from the dashboard", this::acknowledge),
                Route.post("/incidents/{id}/resolve", Route.Access.PAGE_RESPONDER, "Resolve from the dashboard", this::resolve),
                Route.post("/incidents/{id}/severity", Route.Access.PAGE_RESPONDER, "Change the severity from the dashboard", this::severity),
                Route.post("/incidents/{id}/merge", Route.Access.PAGE_RESPONDER, "Merge another incident into this one from the dashboard", this::merge),
                Route.post("/incidents/{id}/split", Route.Access.PAGE_RESPONDER, "Split one subject's impacts out from the dashboard", this::split),
                Route.post("/maintenance", Route.Access.PAGE_RESPONDER, "Start a maintenance window from the dashboard", this::startMaintenance),
                Route.post("/maintenance/end", Route.Access.PAGE_RESPONDER, "End a maintenance window from the dashboard", this::endMaintenance),
                Route.get("/pipelines/{id}", Route.Access.PAGE_VIEWER, "A pipeline and its runs", this::pipeline),
                Route.get("/noise", Route.Access.PAGE_VIEWER, "Noise: signals → incidents → pages, per cause, check, pipeline and person: ?from=&to=", this::noise),
                Route.get("/oncall", Route.Access.PAGE_VIEWER, "Who is on call, a month at a time: ?month=2026-12", this::onCall),
                Route.get("/runbooks/{id}", Route.Access.PAGE_VIEWER, "A pipeline's runbook, as a page", this::runbook));
    }

    // ---- login ---------------------------------------------------------------------------------------

    private void loginPage(Context ctx) {
        loginTemplate(ctx, 200, "", "");
    }

    private void loginTemplate(Context ctx, int status, String message, String confirm) {
        render(ctx, status, "login.jte", Map.of("team", app.catalog().team().name(), "message", message, "confirm", confirm));
    }

    /**
     * A GET of a login link only shows whom it logs in, with a button: mail scanners and link previews open links,
     * and must not use them up or start a session.
     */
    private void loginLinkPage(Context ctx) {
        if (!throttle.allow(address(ctx), clock.get())) {
            loginTemplate(ctx, 429, "Too many attempts; wait a minute.", "");
            return;
        }
        Optional<Sessions.LinkFor> link = new Sessions(app.store().jdbi()).peek(ctx.pathParam("token"), clock.get());
        if (link.isEmpty()) {
            invalidLink(ctx);
            return;
        }
        loginTemplate(ctx, 200, "", link.get().person() + " (" + link.get().role().text() + ")");
    }

    private void invalidLink(Context ctx) {
        audit.denied(ctx, "an unknown, used or expired login link");
        loginTemplate(ctx, 403, "This login link is not valid: it was used already, or it expired. Make a new one.", "");
    }

    private static String address(Context ctx) {
        String ip = ctx.ip();
        return ip.length() <= 100 ? ip : ip.substring(0, 100);
    }

    private void login(Context ctx) {
        if (!throttle.allow(address(ctx), clock.get())) {
            loginTemplate(ctx, 429, "Too many attempts; wait a minute.", "");
            return;
        }
        Optional<Sessions.Session> session = new Sessions(app.store().jdbi()).redeem(ctx.pathParam("token"), clock.get());
        if (session.isEmpty()) {
            invalidLink(ctx);
            return;
        }
        ctx.attribute(Audit.CALLER, session.get().person());
        audit.done(ctx, "log in", "dashboard", session.get().role().text());
        ctx.header("Set-Cookie", SESSION_COOKIE + "=" + session.get().token() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200"
                + (app.catalog().baseUrl().filter(url -> url.startsWith("https://")).isPresent() ? "; Secure" : ""));
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx) {
        new Sessions(app.store().jdbi()).end(session(ctx).token());
        ctx.header("Set-Cookie", SESSION_COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    // ---- pages ---------------------------------------------------------------------------------------

    private void overview(Context ctx) {
        Instant now = clock.get();
        Roster roster = app.roster();
        List<Incident> open = app.incidentStore().list(true);
        List<Views.PipelineRow> pipelines = app.catalog().pipelines().values().stream().map(p -> pipelineRow(p, open)).toList();
        List<Views.Window> windows = app.incidentLoop().maintenance().active(now).stream()
                .map(w -> new Views.Window(w.scope(), shown(w.end()), w.reason(), w.by(), w.id() > 0)).toList();
        List<String> scopes = new ArrayList<>(List.of(io.pipekeeper.incident.Maintenance.ALL));
        scopes.addAll(app.catalog().pipelines().keySet());
        scopes.addAll(app.catalog().sources().keySet());
        boolean responder = session(ctx).role().includes(io.pipekeeper.access.Role.RESPONDER);
        render(ctx, 200, "overview.jte", Map.of("overview", new Views.Overview(frame(ctx, "Overview", 30), onCallNow(roster, now), pipelines,
                open.stream().map(this::incidentRow).toList(), windows, scopes, responder)));
    }

    private void startMaintenance(Context ctx) {
        String person = session(ctx).person();
        String scope = Optional.ofNullable(ctx.formParam("scope")).orElse("");
        String length = Optional.ofNullable(ctx.formParam("for")).orElse("").strip();
        String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("").strip();
        java.time.Duration duration;
        try {
            duration = io.pipekeeper.config.Durations.parse(length);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("for", e.getMessage());
        }
        if (reason.isEmpty()) {
            throw HttpError.badRequest("reason", "required: say why, for the timeline of the incidents it holds");
        }
        try {
            app.incidentLoop().maintenance().start(scope, duration, reason, person, clock.get());
        } catch (IncidentActions.Refused refused) {
            throw HttpError.badRequest("scope", refused.getMessage());
        }
        audit.done(ctx, "maintenance start", scope, reason + " from the dashboard");
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void endMaintenance(Context ctx) {
        String person = session(ctx).person();
        String scope = Optional.ofNullable(ctx.formParam("scope")).orElse("");
        List<io.pipekeeper.incident.Maintenance.Window> ended = app.incidentLoop().maintenance().end(scope, person, clock.get());
        audit.done(ctx, "maintenance end", scope, ended.size() + " window(s) from the dashboard");
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void incident(Context ctx) {
        Incident incident = incidentOf(ctx);
        ZoneId zone = zone();
        List<Views.Event> timeline = app.incidentStore().timeline(incident.id()).stream()
                .map(e -> new Views.Event(shown(e.at()), e.kind(), e.text())).toList();
        List<Views.Page> pages = new Outbox(app.store().jdbi()).of(incident.id()).stream()
                .map(p -> new Views.Page(shown(p.createdAt()), p.shown(), p.person(), p.via().text(), p.address(), p.late().orElse(p.shownStatus()),
                        p.attempts(), p.status().equals("failed") ? p.settled().reason().orElse("") : "")).toList();
        boolean responder = session(ctx).role().includes(io.pipekeeper.access.Role.RESPONDER);
        String answered = incident.resolvedBy().map(p -> "Resolved by " + p + " at " + incident.resolvedAt().map(this::shown).orElse("") + ".")
                .or(() -> incident.acknowledgedBy().map(p -> "Acknowledged by " + p + " at "
                        + incident.acknowledgedAt().map(this::shown).orElse("") + ".")).orElse("");
        render(ctx, 200, "incident.jte", Map.of("page", new Views.IncidentPage(frame(ctx, "Incident #" + incident.id()), incidentRow(incident),
                incident.blastRadius(), Roster.shown(incident.openedAt(), zone), shown(incident.resolveBy()), answered,
                responder && incident.status() == Incident.Status.TRIGGERED, responder && incident.open(), timeline, pages, evidence(incident),
                severities(incident), new io.pipekeeper.troubleshooting.Troubleshooting(app.catalog()).owning(incident.subject())
                        .map(Pipeline::id).orElse(""),
                app.incidentStore().impacts(incident.id()).stream().map(impact -> new Views.ImpactRow(impact.subject(), impact.shown()
                        + (impact.count() > 1 ? " ×" + impact.count() : ""), impact.severity(),
                        impact.recoveredAt().map(at -> "recovered " + shown(at)).orElse("held back"))).toList(),
                incident.mergedInto().map(into -> "Merged into #" + into + ".").orElse(""))));
    }

    private void acknowledge(Context ctx) {
        Incident incident = incidentOf(ctx);
        String person = session(ctx).person();
        answer(ctx, incident, () -> app.incidentActions().acknowledge(incident.id(), person, clock.get()), "acknowledge", "by " + person);
    }

    private void resolve(Context ctx) {
        Incident incident = incidentOf(ctx);
        String person = session(ctx).person();
        String note = Optional.ofNullable(ctx.formParam("note")).filter(n -> !n.isBlank()).orElse(null);
        answer(ctx, incident, () -> app.incidentActions().resolve(incident.id(), person, note, clock.get()), "resolve", "by " + person);
    }

    private void severity(Context ctx) {
        Incident incident = incidentOf(ctx);
        String person = session(ctx).person();
        String severity = Optional.ofNullable(ctx.formParam("severity")).orElse("");
        if (!app.catalog().severities().containsKey(severity)) {
            throw HttpError.badRequest("severity", "'" + severity + "' is not a severity");
        }
        String reason = Optional.ofNullable(ctx.formParam("reason")).filter(r -> !r.isBlank()).orElse(null);
        answer(ctx, incident, () -> app.incidentActions().changeSeverity(incident.id(), severity, person, reason, clock.get()), "severity",
                severity + " by " + person);
    }

    private void merge(Context ctx) {
        Incident incident = incidentOf(ctx);
        String person = session(ctx).person();
        String from = Optional.ofNullable(ctx.formParam("from")).orElse("").trim().replaceFirst("^#", "");
        if (!from.matches("[0-9]{1,18}")) {
            throw HttpError.badRequest("from", "'" + from + "' is not an incident number");
        }
        answer(ctx, incident, () -> app.incidentActions().merge(incident.id(), Long.parseLong(from), person, clock.get()), "merge",
                "#" + from + " merged in by " + person);
    }

    private void split(Context ctx) {
        Incident incident = incidentOf(ctx);
        String person = session(ctx).person();
        String subject = Optional.ofNullable(ctx.formParam("subject")).orElse("");
        answer(ctx, incident, () -> app.incidentActions().split(incident.id(), subject, person, clock.get()), "split",
                subject + " split out by " + person);
    }

    private void noise(Context ctx) {
        io.pipekeeper.incident.NoiseReport report = noiseReport(app, ctx, clock.get());
        render(ctx, 200, "noise.jte", Map.of("page", new Views.NoisePage(frame(ctx, "Noise"), report,
                report.from().minusDays(report.to().toEpochDay() - report.from().toEpochDay() + 1).toString())));
    }

    /** The noise report of {@code ?from=&to=} (dates in the team's zone; default the 7 days up to today). */
    static io.pipekeeper.incident.NoiseReport noiseReport(App app, Context ctx, Instant now) {
        ZoneId zone = app.catalog().team().timezone();
        LocalDate to = date(ctx, "to").orElse(now.atZone(zone).toLocalDate());
        LocalDate from = date(ctx, "from").orElse(to.minusDays(6));
        if (to.isBefore(from) || to.toEpochDay() - from.toEpochDay() > 366) {
            throw HttpError.badRequest("to", "'" + to + "' must be on or after from ('" + from + "'), at most a year later");
        }
        return io.pipekeeper.incident.NoiseReport.load(app.store().jdbi(), from, to, zone);
    }

    static Optional<LocalDate> date(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
            throw HttpError.badRequest(name, "'" + text + "' is not a date; write YYYY-MM-DD");
        }
    }

    /** What the signal that opened the incident measured (its evidence), indented; empty for one opened by hand. */
    private String evidence(Incident incident) {
        return io.pipekeeper.incident.IncidentEvidence.of(app.signalStore(), incident).orElse("");
    }

    private List<String> severities(Incident incident) {
        List<String> severities = new ArrayList<>(List.of(incident.severity()));
        app.catalog().severities().keySet().stream().filter(s -> !s.equals(incident.severity())).forEach(severities::add);
        return severities;
    }

    private void answer(Context ctx, Incident incident, Supplier<Incident> change, String action, String detail) {
        try {
            change.get();
        } catch (IncidentActions.Refused refused) {
            render(ctx, 409, "message.jte", Map.of("message", new Views.Message(frame(ctx, "Nothing to do"), "Nothing to do",
                    refused.getMessage())));
            return;
        }
        audit.done(ctx, action, "incident #" + incident.id(), detail + " from the dashboard");
        ctx.redirect("/incidents/" + incident.id(), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void pipeline(Context ctx) throws java.sql.SQLException {
        Pipeline pipeline = app.catalog().pipelines().get(ctx.pathParam("id"));
        if (pipeline == null) {
            throw HttpError.notFound("no pipeline '" + ctx.pathParam("id") + "'");
        }
        List<Run> history = app.runStore().runs(Optional.of(pipeline.id()), Optional.empty(), Optional.empty());
        List<Run> newestFirst = new ArrayList<>(history);
        java.util.Collections.reverse(newestFirst);
        List<Views.RunRow> rows = newestFirst.stream().limit(60).map(run -> new Views.RunRow(run.date().toString(), run.status().text(), tone(run),
                run.engine(), String.format(java.util.Locale.ROOT, "%.1f s", run.wallMillis() / 1000.0), run.rowsIn() + " → " + run.rowsOut(),
                run.error().orElse(""))).toList();
        List<Svg.Point> durations = history.stream().filter(run -> run.status() == Run.Status.SUCCEEDED)
                .sorted(java.util.Comparator.comparing(Run::date)).map(run -> new Svg.Point(run.date().toString(), run.wallMillis() / 1000.0))
                .toList();
        durations = durations.subList(Math.max(0, durations.size() - 30), durations.size());
        LocalDate today = clock.get().atZone(zone()).toLocalDate();
        render(ctx, 200, "pipeline.jte", Map.of("page", new Views.PipelinePage(frame(ctx, pipeline.name()),
                pipelineRow(pipeline, app.incidentStore().list(true)), pipeline.purpose(),
                pipeline.schedule().deadline().map(Object::toString).orElse("none"), rows,
                Svg.bars(durations, "s", "Run time of the last " + durations.size() + " successful runs"), forecast(pipeline, history, today),
                metricChart(ctx, pipeline, today), checks(pipeline), app.runbooks().review(pipeline.id()).filter(r -> !r.staleOn(today))
                        .map(r -> "").orElse("runbook due for review"))));
    }

    private String forecast(Pipeline pipeline, List<Run> history, LocalDate today) {
        if (pipeline.schedule().deadline().isEmpty()) {
            return "No deadline, so no capacity forecast.";
        }
        return CapacityForecast.assess(pipeline, zone(), history, today)
                .map(risk -> "Capacity risk: at this growth, a run takes " + risk.predictedWall().toMinutes() + " min by " + risk.predictedDate()
                        + ", past its " + risk.window().toMinutes() + "-minute window before the deadline.")
                .orElse("Runs fit their window before the deadline; no capacity risk in the next two weeks (or too little history to tell).");
    }

    /** The first numeric column of the published output, summed per day over the last 30 days; investor-facing ones need the scope. */
    private String metricChart(Context ctx, Pipeline pipeline, LocalDate today) throws java.sql.SQLException {
        if ("investors".equals(pipeline.audience()) && !session(ctx).scopes().contains("investors")) {
            return "<p class=\"muted\">" + Markup.escape(pipeline.id()) + " reports to investors: its values need a login with the investors scope.</p>";
        }
        List<Map<String, Object>> rows = new MetricValues(app.catalog()).read(pipeline.id(), today.minusDays(30), today.minusDays(1));
        Optional<String> column = rows.stream().findFirst().flatMap(row -> row.entrySet().stream()
                .filter(e -> e.getValue() instanceof Number && !e.getKey().equals("date")).map(Map.Entry::getKey).findFirst());
        if (column.isEmpty()) {
            return "<p class=\"muted\">No published values in the last 30 days.</p>";
        }
        audit.done(ctx, "read metrics", pipeline.id(), "dashboard chart of " + column.get());
        java.util.TreeMap<String, Double> perDay = new java.util.TreeMap<>();
        for (Map<String, Object> row : rows) {
            Object day = row.getOrDefault("date", row.get("run_date"));
            if (day != null && row.get(column.get()) instanceof Number value) {
                perDay.merge(day.toString(), value.doubleValue(), Double::sum);
            }
        }
        return Svg.line(perDay.entrySet().stream().map(e -> new Svg.Point(e.getKey(), e.getValue())).toList(), column.get(),
                "sum of " + column.get() + " per day");
    }

    private List<Views.CheckRow> checks(Pipeline pipeline) {
        return app.store().jdbi().withHandle(h -> h.createQuery("""
                        SELECT run_date, check_name, status, observed FROM check_results
                        WHERE subject = :s AND run_date = (SELECT max(run_date) FROM check_results WHERE subject = :s) ORDER BY id
                        """)
                .bind("s", pipeline.id())
                .map((rs, c) -> new Views.CheckRow(rs.getObject("run_date", LocalDate.class).toString(), rs.getString("check_name"),
                        rs.getString("status"), switch (rs.getString("status")) {
                            case "passed" -> "ok";
                            case "warned" -> "warn";
                            default -> "bad";
                        }, Optional.ofNullable(rs.getString("observed")).orElse("")))
                .list());
    }

    private void onCall(Context ctx) {
        YearMonth month;
        try {
            month = ctx.queryParam("month") == null ? YearMonth.from(clock.get().atZone(zone())) : YearMonth.parse(ctx.queryParam("month"));
        } catch (DateTimeParseException e) {
            throw HttpError.badRequest("month", "'" + ctx.queryParam("month") + "' is not a month; write 2026-12");
        }
        Roster roster = app.roster();
        LocalDate today = clock.get().atZone(zone()).toLocalDate();
        LocalDate first = month.atDay(1).with(DayOfWeek.MONDAY);
        List<List<Views.Day>> weeks = new ArrayList<>();
        for (LocalDate monday = first; !monday.isAfter(month.atEndOfMonth()); monday = monday.plusWeeks(1)) {
            List<Views.Day> week = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                LocalDate day = monday.plusDays(i);
                Assignment noon = roster.schedule().at(day.atTime(LocalTime.NOON).atZone(zone()).toInstant());
                week.add(new Views.Day(day.toString(), day.getDayOfMonth(), YearMonth.from(day).equals(month), day.equals(today),
                        noon.primary().orElse("—"), noon.secondary().orElse("—"),
                        roster.holidayOn(noon.primary(), day).map(h -> h.name()).orElse(""),
                        noon.source() == Source.OVERRIDE || noon.source() == Source.TIME_OFF));
            }
            weeks.add(week);
        }
        List<Views.Share> fairness = io.pipekeeper.oncall.Fairness.of(roster, month.atDay(1), month.atEndOfMonth()).people().stream()
                .map(p -> new Views.Share(p.id(), String.format(java.util.Locale.ROOT, "%.0f", p.primaryHours()),
                        String.format(java.util.Locale.ROOT, "%.0f", p.secondaryHours()), p.primaryWeekendDays(),
                        p.primaryHolidays() + p.secondaryHolidays()))
                .toList();
        render(ctx, 200, "oncall.jte", Map.of("calendar", new Views.OnCallCalendar(frame(ctx, "On call " + month), month.toString(),
                month.minusMonths(1).toString(), month.plusMonths(1).toString(), weeks, fairness)));
    }

    private void runbook(Context ctx) {
        if (!app.catalog().pipelines().containsKey(ctx.pathParam("id"))) {
            throw HttpError.notFound("no pipeline '" + ctx.pathParam("id") + "'");
        }
        ctx.html(app.runbooks().html(ctx.pathParam("id"), clock.get()));
    }

    // ---- views ---------------------------------------------------------------------------------------

    private Views.OnCallNow onCallNow(Roster roster, Instant now) {
        Assignment assignment = roster.schedule().at(now);
        if (assignment.primary().isEmpty()) {
            return new Views.OnCallNow("nobody yet", "nobody", "", "the rotation starts "
                    + Roster.shown(roster.schedule().rotation().start(), roster.zone()) + "; until then the owners are paged");
        }
        List<Segment> ahead = roster.schedule().segments(now, now.plus(Duration.ofDays(60)));
        String until = ahead.isEmpty() ? "" : "until " + Roster.shown(ahead.get(0).end(), roster.zone());
        return new Views.OnCallNow(assignment.primary().get(), assignment.secondary().orElse("nobody"), until,
                String.join(" ", assignment.reasons()));
    }

    private Views.PipelineRow pipelineRow(Pipeline pipeline, List<Incident> open) {
        Optional<Run> last = app.runStore().runs(Optional.of(pipeline.id()), Optional.empty(), Optional.empty()).stream()
                .reduce((first, second) -> second);
        return new Views.PipelineRow(pipeline.id(), pipeline.name(), pipeline.audience(),
                pipeline.owners().primary() + ", " + pipeline.owners().secondary(),
                last.map(run -> "for " + run.date() + run.finishedAt().map(at -> ", " + shown(at)).orElse("")).orElse(""),
                last.map(run -> run.status().text()).orElse("never run"), last.map(DashboardRoutes::tone).orElse("idle"),
                open.stream().filter(i -> i.subject().equals(pipeline.id())).count(),
                "cron " + pipeline.schedule().cronText() + " in " + zone() + new CronTimes(pipeline.schedule().cron(), zone())
                        .next(clock.get()).map(next -> "; next " + shown(next)).orElse(""),
                app.runbooks().review(pipeline.id()).map(r -> r.staleOn(clock.get().atZone(zone()).toLocalDate())).orElse(true));
    }

    private Views.IncidentRow incidentRow(Incident incident) {
        Instant now = clock.get();
        String clockText = switch (incident.status()) {
            case TRIGGERED -> now.isBefore(incident.respondBy())
                    ? Duration.between(now, incident.respondBy()).toMinutes() + " min left to respond"
                    : "respond SLA breached " + Duration.between(incident.respondBy(), now).toMinutes() + " min ago";
            case ACKNOWLEDGED -> "acknowledged by " + incident.acknowledgedBy().orElse("?");
            case RESOLVED -> "resolved by " + incident.resolvedBy().orElse("?");
        };
        String tone = switch (incident.severity()) {
            case "critical" -> "bad";
            case "major" -> "warn";
            default -> "idle";
        };
        boolean today = incident.respondBy().atZone(zone()).toLocalDate().equals(now.atZone(zone()).toLocalDate());
        return new Views.IncidentRow(incident.id(), incident.severity(), incident.status().text(), incident.subject(), incident.title(),
                today ? io.pipekeeper.incident.PageTexts.time(app.catalog(), incident.respondBy()) : shown(incident.respondBy()), clockText, tone);
    }

    private static String tone(Run run) {
        return switch (run.status()) {
            case SUCCEEDED -> "ok";
            case FAILED -> "bad";
            case BLOCKED -> "warn";
            default -> "idle";
        };
    }

    Views.Frame frame(Context ctx, String title) {
        return frame(ctx, title, 0);
    }

    private Views.Frame frame(Context ctx, String title, int refreshSeconds) {
        Sessions.Session session = session(ctx);
        return new Views.Frame(title, session.person(), session.role().text(), session.csrf(), shown(clock.get()), app.catalog().team().name(),
                refreshSeconds);
    }

    Incident incidentOf(Context ctx) {
        String text = ctx.pathParam("id");
        if (!text.matches("[0-9]{1,18}")) {
            throw HttpError.badRequest("id", "'" + text + "' is not an incident number");
        }
        return app.incidentStore().find(Long.parseLong(text)).orElseThrow(() -> HttpError.notFound("no incident #" + text));
    }

    static Sessions.Session session(Context ctx) {
        return ctx.attribute(WebServer.SESSION);
    }

    private ZoneId zone() {
        return app.catalog().team().timezone();
    }

    private String shown(Instant instant) {
        return Roster.shown(instant, zone());
    }

    static void render(Context ctx, int status, String template, Map<String, Object> model) {
        StringOutput output = new StringOutput();
        TEMPLATES.render(template, model, output);
        ctx.status(status).html(output.toString());
    }
}
