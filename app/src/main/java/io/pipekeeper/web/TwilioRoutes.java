package io.pipekeeper.web;

import io.javalin.http.Context;
import io.pipekeeper.App;
import io.pipekeeper.notify.TwiML;
import io.pipekeeper.config.Person;
import io.pipekeeper.config.PhoneSettings;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.PageTexts;
import io.pipekeeper.incident.PhoneReplies;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.notify.PhoneChannel;
import io.pipekeeper.notify.Secrets;
import io.pipekeeper.notify.TwilioSignature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Twilio's hooks: an SMS reply from a person's number ({@code ack 12}, {@code 12a}, {@code resolve 12}, STOP, …,
 * answered by {@link PhoneReplies}), a key pressed during a page's call (4 acknowledges, 6 resolves, 1 repeats),
 * and the status callbacks that say what became of each SMS and call (delivered, or failed and why). Twilio signs
 * each request ({@code X-Twilio-Signature}: Base64 HMAC-SHA1, under the auth token, of the URL and the sorted form
 * fields); an unsigned or wrongly signed request is refused.
 */
final class TwilioRoutes {
    /** Twilio's webhook form (From, Body, Digits, MessageSid, CallSid, MessageStatus, …), signed in X-Twilio-Signature. */
    private static final java.util.Map<String, Object> TWILIO_FORM = Schemas.open(java.util.List.of(), "From", Schemas.STRING, "Body", Schemas.STRING,
            "Digits", Schemas.STRING, "MessageSid", Schemas.STRING, "CallSid", Schemas.STRING, "MessageStatus", Schemas.STRING,
            "CallStatus", Schemas.STRING, "ErrorCode", Schemas.STRING);

    private final App app;
    private final Audit audit;
    private final Supplier<Instant> clock;

    TwilioRoutes(App app, Audit audit, Supplier<Instant> clock) {
        this.app = app;
        this.audit = audit;
        this.clock = clock;
    }

    List<Route> routes() {
        if (app.catalog().phone().isEmpty()) {
            return List.of();
        }
        return List.of(
                Route.post("/hooks/twilio/sms", Route.Access.HOOK, "An SMS reply: 'ack 12', '12a', 'resolve 12', '12c', a bare 'ack', STOP or START", this::sms)
                        .takes("application/x-www-form-urlencoded", TWILIO_FORM).answers(200, "application/xml", Schemas.TEXT),
                Route.post("/hooks/twilio/voice", Route.Access.HOOK, "A key pressed during a page's call: 4 acknowledges, 6 resolves, 1 repeats", this::voice)
                        .takes("application/x-www-form-urlencoded", TWILIO_FORM).answers(200, "application/xml", Schemas.TEXT),
                Route.post(PhoneChannel.STATUS_HOOK, Route.Access.HOOK, "What became of an SMS or a call: delivered, or failed and why", this::status)
                        .takes("application/x-www-form-urlencoded", TWILIO_FORM).answers(204, "", Schemas.TEXT));
    }

    private void sms(Context ctx) {
        verify(ctx);
        String number = Optional.ofNullable(ctx.formParam("From")).orElse("");
        Optional<Person> person = byNumber(number);
        if (person.isEmpty()) {
            ctx.contentType("application/xml; charset=utf-8").result(TwiML.nothing()); // an unknown number learns nothing
            return;
        }
        ctx.attribute(Audit.CALLER, "phone:" + person.get().id());
        String body = Optional.ofNullable(ctx.formParam("Body")).orElse("");
        Optional<String> answer = replies().answer(person.get().id(), digits(number), body, clock.get());
        audit.done(ctx, "sms reply", person.get().id(), "'" + body.strip() + "' answered " + answer.map(a -> "'" + a + "'").orElse("with nothing"));
        ctx.contentType("application/xml; charset=utf-8").result(answer.map(TwiML::message).orElseGet(TwiML::nothing));
    }

    private void voice(Context ctx) {
        verify(ctx);
        String incident = Optional.ofNullable(ctx.queryParam("incident")).orElse("");
        Optional<Person> person = byNumber(ctx.formParam("To"));
        String key = Optional.ofNullable(ctx.formParam("Digits")).orElse("");
        ctx.contentType("application/xml; charset=utf-8");
        if (!incident.matches("\\d{1,18}") || person.isEmpty()) {
            ctx.result(TwiML.say("Nothing was done. The page stands."));
            return;
        }
        long id = Long.parseLong(incident);
        Optional<Incident> found = app.incidentStore().find(id);
        if (key.equals("1") && found.isPresent()) {
            ctx.result(PageTexts.twiml(app.catalog(), found.get())); // the message and the menu again
            return;
        }
        ctx.attribute(Audit.CALLER, "phone:" + person.get().id());
        String said = replies().pressed(id, person.get().id(), key, clock.get());
        if (key.equals("4") || key.equals("6")) {
            audit.done(ctx, key.equals("4") ? "acknowledge" : "resolve", "incident #" + id, "by " + person.get().id() + " pressing " + key
                    + " during the call: " + said);
        }
        ctx.result(TwiML.say(said + "."));
    }

    /** Twilio's status callback: MessageSid and MessageStatus for an SMS, CallSid and CallStatus for a call. */
    private void status(Context ctx) {
        verify(ctx);
        String id = Optional.ofNullable(ctx.formParam("MessageSid")).orElse(Optional.ofNullable(ctx.formParam("CallSid")).orElse(""));
        String state = Optional.ofNullable(ctx.formParam("MessageStatus")).orElse(Optional.ofNullable(ctx.formParam("CallStatus")).orElse(""));
        Optional<Outbox.Fate> fate = switch (state) {
            case "delivered", "completed" -> Optional.of(Outbox.Fate.DELIVERED);
            case "undelivered", "failed", "busy", "no-answer", "canceled" -> Optional.of(Outbox.Fate.FAILED);
            default -> Optional.empty(); // queued, sending, sent, ringing, in-progress: not settled yet
        };
        if (!id.isEmpty() && fate.isPresent()) {
            Optional<String> reason = fate.get() == Outbox.Fate.DELIVERED ? Optional.empty()
                    : Optional.of(reason(state, ctx.formParam("ErrorCode"), ctx.formParam("ErrorMessage")));
            new Outbox(app.store().jdbi()).settle(id, fate.get(), reason, clock.get(), app.incidentLoop().escalation()::fallBack);
        }
        ctx.status(204);
    }

    /** Why Twilio says a message failed: its status, and its error code and message when it gives them. */
    static String reason(String state, String code, String message) {
        String detail = code == null || code.isBlank() ? "" : " (error " + code.strip()
                + (message == null || message.isBlank() ? "" : ": " + message.strip()) + ")";
        return "Twilio says " + state + detail;
    }

    private PhoneReplies replies() {
        return new PhoneReplies(app.incidentStore(), app.incidentActions());
    }

    private Optional<Person> byNumber(String number) {
        if (number == null) {
            return Optional.empty();
        }
        String wanted = digits(number);
        return app.catalog().people().stream().filter(p -> p.phone().map(TwilioRoutes::digits).filter(wanted::equals).isPresent()).findFirst();
    }

    private static String digits(String number) {
        return number.replaceAll("[^0-9+]", "");
    }

    /** Twilio's signature over the URL it called and the form it sent; the URL is base_url's when set (behind a proxy). */
    private void verify(Context ctx) {
        ctx.attribute(Audit.CALLER, "hook:twilio");
        PhoneSettings phone = app.catalog().phone().orElseThrow();
        String token = Secrets.resolve(phone.authToken(), app.environment(), "channels.phone");
        String url = app.catalog().baseUrl().map(base -> base.replaceAll("/+$", "") + ctx.path()
                + (ctx.queryString() == null ? "" : "?" + ctx.queryString())).orElse(ctx.fullUrl());
        String presented = ctx.header("X-Twilio-Signature");
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                TwilioSignature.of(token, url, ctx.formParamMap()).getBytes(StandardCharsets.UTF_8))) {
            throw HttpError.unauthorized("not signed by Twilio (X-Twilio-Signature)");
        }
    }
}
