package io.pipekeeper.web;

import io.javalin.http.Context;
import io.pipekeeper.App;
import io.pipekeeper.access.CalendarFeeds;
import io.pipekeeper.oncall.CalendarFeed;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.oncall.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** A person's on-call shifts as an iCalendar feed at a secret address ({@code pipekeeper oncall feed --person P}). */
final class CalendarRoutes {
    private final App app;
    private final Supplier<Instant> clock;

    CalendarRoutes(App app, Supplier<Instant> clock) {
        this.app = app;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(Route.get("/calendar/{token}", Route.Access.LINK,
                "A person's on-call shifts (iCalendar), from four weeks ago to a year ahead; the secret address is the credential", this::feed)
                .answers(200, "text/calendar", Schemas.TEXT));
    }

    private void feed(Context ctx) {
        String token = ctx.pathParam("token").replaceAll("\\.ics$", "");
        String person = new CalendarFeeds(app.store().jdbi()).person(token)
                .orElseThrow(() -> HttpError.forbidden("this calendar address is unknown or was revoked; ask for a new one"));
        ctx.attribute(Audit.CALLER, "feed:" + person);
        Roster roster = app.roster();
        Instant now = clock.get();
        List<Segment> segments = roster.schedule().segments(now.minus(Duration.ofDays(28)), now.plus(Duration.ofDays(366))).stream()
                .filter(s -> s.primary().filter(person::equals).isPresent() || s.secondary().filter(person::equals).isPresent())
                .toList();
        ctx.contentType("text/calendar; charset=utf-8")
                .result(CalendarFeed.of(roster, segments, Optional.of(person), app.catalog().team().name(), now));
    }
}
