package io.pipekeeper.web;

import io.javalin.http.Context;
import io.pipekeeper.App;
import io.pipekeeper.notify.TwiML;
import io.pipekeeper.config.Person;
import io.pipekeeper.config.PhoneSettings;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentActions;
import io.pipekeeper.notify.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Answers by phone: an SMS reply ({@code ack 123}, {@code resolve 123}) from a person's number, or the key 1
 * pressed during a page's call. Twilio signs each request ({@code X-Twilio-Signature}: Base64 HMAC-SHA1, under
 * the auth token, of the URL and the sorted form fields); an unsigned or wrongly signed request is refused.
 */
final class TwilioRoutes {
    private static final Pattern COMMAND = Pattern.compile("(?i)\\s*(ack|acknowledge|resolve)\\s+#?(\\d{1,18})\\s*");

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
                Route.post("/hooks/twilio/sms", Route.Access.HOOK, "A reply by SMS: 'ack 123' or 'resolve 123' from a person's phone", this::sms),
                Route.post("/hooks/twilio/voice", Route.Access.HOOK, "A key pressed during a page's call: 1 acknowledges", this::voice));
    }

    private void sms(Context ctx) {
        verify(ctx);
        Optional<Person> person = byNumber(ctx.formParam("From"));
        Matcher command = COMMAND.matcher(Optional.ofNullable(ctx.formParam("Body")).orElse(""));
        if (person.isEmpty()) {
            reply(ctx, "pipekeeper does not know this number; nothing was done.");
            return;
        }
        if (!command.matches()) {
            reply(ctx, "Reply 'ack 123' or 'resolve 123' with the incident's number.");
            return;
        }
        long id = Long.parseLong(command.group(2));
        boolean resolve = command.group(1).equalsIgnoreCase("resolve");
        reply(ctx, answer(ctx, id, person.get().id(), resolve, "by SMS"));
    }

    private void voice(Context ctx) {
        verify(ctx);
        String incident = Optional.ofNullable(ctx.queryParam("incident")).orElse("");
        Optional<Person> person = byNumber(ctx.formParam("To"));
        String said;
        if (!"1".equals(ctx.formParam("Digits")) || !incident.matches("\\d{1,18}") || person.isEmpty()) {
            said = "Nothing was done. The page stands.";
        } else {
            said = answer(ctx, Long.parseLong(incident), person.get().id(), false, "by a key pressed during the call");
        }
        ctx.contentType("application/xml; charset=utf-8").result(TwiML.say(said));
    }

    private String answer(Context ctx, long id, String person, boolean resolve, String how) {
        ctx.attribute(Audit.CALLER, "phone:" + person);
        IncidentActions actions = app.incidentActions();
        Incident done;
        try {
            done = resolve ? actions.resolve(id, person, "resolved " + how, clock.get()) : actions.acknowledge(id, person, clock.get());
        } catch (IncidentActions.Refused refused) {
            return refused.getMessage() + ".";
        }
        audit.done(ctx, resolve ? "resolve" : "acknowledge", "incident #" + id, "by " + person + " " + how);
        return "Incident " + done.id() + " is " + done.status().text() + " by " + person + ".";
    }

    private static void reply(Context ctx, String text) {
        ctx.contentType("application/xml; charset=utf-8").result(TwiML.message(text));
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
                signature(token, url, ctx.formParamMap()).getBytes(StandardCharsets.UTF_8))) {
            throw HttpError.unauthorized("not signed by Twilio (X-Twilio-Signature)");
        }
    }

    /** Base64 of HMAC-SHA1, under the auth token, of the URL followed by each form field's name and value, sorted by name. */
    static String signature(String authToken, String url, Map<String, List<String>> form) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(form).forEach((name, values) -> values.forEach(value -> data.append(name).append(value)));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
