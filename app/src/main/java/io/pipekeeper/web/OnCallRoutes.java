package io.pipekeeper.web;

import io.javalin.http.Context;
import io.pipekeeper.App;
import io.pipekeeper.oncall.OnCallChanges;
import io.pipekeeper.oncall.Role;
import io.pipekeeper.oncall.Roster;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** On-call changes through the API: overrides, time off and swaps, refused (409) when they would leave a role empty. */
final class OnCallRoutes {
    private final App app;
    private final Audit audit;
    private final Supplier<Instant> clock;

    OnCallRoutes(App app, Audit audit, Supplier<Instant> clock) {
        this.app = app;
        this.audit = audit;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/api/oncall/overrides", Route.Access.RESPONDER,
                        "Someone takes a role for a while: {\"role\", \"person\", \"from\", \"to\", \"reason\", \"by\"}", this::override).takes(Schemas.OVERRIDE).answers(201, Schemas.CREATED),
                Route.post("/api/oncall/time-off", Route.Access.RESPONDER,
                        "A person is away, days inclusive: {\"person\", \"from\", \"to\", \"reason\", \"by\"}", this::timeOff).takes(Schemas.TIME_OFF).answers(201, Schemas.CREATED),
                Route.post("/api/oncall/swaps", Route.Access.RESPONDER,
                        "A person takes a rotation turn's role, and gives theirs back: {\"turn\", \"role\", \"person\", \"reason\", \"by\"}",
                        this::swap).takes(Schemas.SWAP).answers(201, Schemas.CREATED));
    }

    private void override(Context ctx) {
        RequestBody body = RequestBody.of(ctx.body());
        Roster roster = app.roster();
        Role role = role(body.required("role"));
        String person = person("person", body.required("person"));
        Instant from = Params.instant("from", body.required("from"), roster.zone());
        Instant to = Params.instant("to", body.required("to"), roster.zone());
        if (!to.isAfter(from)) {
            throw HttpError.badRequest("to", "'" + body.required("to") + "' is not after from");
        }
        String by = person("by", body.required("by"));
        long id = refusedAs409(() -> new OnCallChanges(app.onCallStore()).override(roster, role, person, from, to,
                body.optional("reason").orElse(null), by, clock.get()));
        audit.done(ctx, "override", "override #" + id, person + " " + role.text() + " from " + from + " to " + to + " by " + by);
        WebServer.json(ctx, 201, Map.of("id", id));
    }

    private void timeOff(Context ctx) {
        RequestBody body = RequestBody.of(ctx.body());
        String person = person("person", body.required("person"));
        LocalDate first = Params.date("from", body.required("from"));
        LocalDate last = Params.date("to", body.required("to"));
        Params.range("from", first, last, 366);
        String by = person("by", body.required("by"));
        long id = refusedAs409(() -> new OnCallChanges(app.onCallStore()).timeOff(app.roster(), person, first, last,
                body.optional("reason").orElse(null), by, clock.get()));
        audit.done(ctx, "time off", "time off #" + id, person + " " + first + " to " + last + " by " + by);
        WebServer.json(ctx, 201, Map.of("id", id));
    }

    private void swap(Context ctx) {
        RequestBody body = RequestBody.of(ctx.body());
        String turnText = body.required("turn");
        if (!turnText.matches("[0-9]{1,6}")) {
            throw HttpError.badRequest("turn", "'" + turnText + "' is not a turn number (see /api/oncall/schedule)");
        }
        Role role = role(body.required("role"));
        String person = person("person", body.required("person"));
        String by = person("by", body.required("by"));
        long id = refusedAs409(() -> new OnCallChanges(app.onCallStore()).swap(app.roster(), Long.parseLong(turnText), role, person,
                body.optional("reason").orElse(null), by, clock.get()));
        audit.done(ctx, "swap", "turn " + turnText, person + " takes " + role.text() + " by " + by);
        WebServer.json(ctx, 201, Map.of("id", id));
    }

    private static long refusedAs409(java.util.function.LongSupplier change) {
        try {
            return change.getAsLong();
        } catch (OnCallChanges.Refused refused) {
            throw HttpError.conflict(refused.getMessage());
        }
    }

    private static Role role(String text) {
        if (!text.equals("primary") && !text.equals("secondary")) {
            throw HttpError.badRequest("role", "'" + text + "' is not primary or secondary");
        }
        return Role.parse(text);
    }

    private String person(String field, String id) {
        return Params.person(app.catalog(), field, id);
    }
}
