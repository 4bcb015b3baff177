package io.pipekeeper.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.pipekeeper.App;
import io.pipekeeper.config.Person;
import io.pipekeeper.config.SlackSettings;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.IncidentActions;
import io.pipekeeper.incident.PageFeedback;
import io.pipekeeper.notify.Secrets;
import io.pipekeeper.notify.SlackAppChannel;
import io.pipekeeper.notify.SlackChannel;
import io.pipekeeper.notify.SlackSignature;
import io.pipekeeper.oncall.Assignment;
import io.pipekeeper.oncall.Roster;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack app's two hooks: a button clicked on a page (Acknowledge, Resolve, Escalate, Snooze 1 h, Noise), done as the
 * person whose {@code slack_id} clicked it, and the slash command ({@code /pipekeeper oncall}, {@code /pipekeeper
 * incidents}), answered in the channel. Slack signs each request ({@link SlackSignature}); an unsigned, wrongly signed
 * or stale one is refused. The message clicked is updated in place, and the action told in its thread, by the
 * outbox, as every page is.
 */
final class SlackRoutes {
    static final Duration SNOOZE = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(SlackRoutes.class);
    private static final Map<String, Object> INTERACTIVE_FORM = Schemas.open(List.of("payload"), "payload",
            Map.of("type", "string", "description", "Slack's block_actions payload, as JSON"));
    private static final Map<String, Object> COMMAND_FORM = Schemas.open(List.of("command"), "command", Schemas.STRING, "text", Schemas.STRING,
            "user_id", Schemas.STRING, "response_url", Schemas.STRING);
    private static final Map<String, Object> COMMAND_ANSWER = Schemas.object(List.of("response_type", "text"), "response_type",
            Schemas.STRING, "text", Schemas.STRING);

    private final App app;
    private final Audit audit;
    private final Supplier<Instant> clock;

    SlackRoutes(App app, Audit audit, Supplier<Instant> clock) {
        this.app = app;
        this.audit = audit;
        this.clock = clock;
    }

    List<Route> routes() {
        if (settings().isEmpty()) {
            return List.of();
        }
        return List.of(
                Route.post("/hooks/slack/interactive", Route.Access.HOOK, "A button clicked on a Slack page: Acknowledge, Resolve, Escalate, Snooze 1 h",
                        this::interactive).takes("application/x-www-form-urlencoded", INTERACTIVE_FORM).answers(200, "", Schemas.TEXT),
                Route.post("/hooks/slack/commands", Route.Access.HOOK, "The slash command: /pipekeeper oncall, /pipekeeper incidents",
                        this::command).takes("application/x-www-form-urlencoded", COMMAND_FORM).answers(200, "application/json", COMMAND_ANSWER));
    }

    private Optional<SlackSettings.App> settings() {
        return app.catalog().slack().filter(SlackSettings.App.class::isInstance).map(SlackSettings.App.class::cast);
    }

    private void interactive(Context ctx) throws IOException {
        verify(ctx);
        JsonNode payload = JSON.readTree(Optional.ofNullable(ctx.formParam("payload")).orElse("{}"));
        JsonNode action = payload.path("actions").path(0);
        String responseUrl = payload.path("response_url").asText("");
        if (!payload.path("type").asText().equals("block_actions") || !action.path("value").asText().matches("[0-9]{1,18}")) {
            ctx.status(200); // another kind of interaction (a view, a shortcut): nothing of ours
            return;
        }
        String slackUser = payload.at("/user/id").asText();
        Optional<Person> person = bySlackId(slackUser);
        if (person.isEmpty()) {
            answer(responseUrl, "pipekeeper does not know you (Slack user " + slackUser + "), so it did nothing. Ask for slack_id: "
                    + slackUser + " to be added to your entry in team.people.");
            audit.denied(ctx, "Slack user " + slackUser + " has no slack_id in team.people");
            ctx.status(200);
            return;
        }
        long id = Long.parseLong(action.path("value").asText());
        String by = person.get().id();
        ctx.attribute(Audit.CALLER, "slack:" + by);
        String verb = action.path("action_id").asText();
        Instant now = clock.get();
        IncidentActions actions = app.incidentActions();
        try {
            if (verb.equals("noise")) {
                new PageFeedback(app.store().jdbi()).record(id, by, PageFeedback.Verdict.NOISE, now);
                audit.done(ctx, "feedback", "incident #" + id, by + " called the page noise from Slack");
                answer(responseUrl, "Recorded: #" + id + "'s page was noise, for " + by + ". Checks called noise three times in 30 days are named "
                        + "in the hand-off mail.");
                ctx.status(200);
                return;
            }
            Incident done = switch (verb) {
                case "ack" -> actions.acknowledge(id, by, now);
                case "resolve" -> actions.resolve(id, by, "from Slack", now);
                case "escalate" -> actions.escalate(id, by, now);
                case "snooze" -> actions.snooze(id, SNOOZE, by, now);
                default -> null;
            };
            if (done != null) {
                audit.done(ctx, verb, "incident #" + id, "by " + by + " from Slack");
            }
        } catch (IncidentActions.Refused refused) {
            answer(responseUrl, refused.getMessage());
        }
        ctx.status(200);
    }

    private void command(Context ctx) throws IOException {
        verify(ctx);
        String text = Optional.ofNullable(ctx.formParam("text")).orElse("").strip().toLowerCase(java.util.Locale.ROOT);
        String command = Optional.ofNullable(ctx.formParam("command")).orElse("/pipekeeper");
        String said = switch (text) {
            case "oncall", "on call", "who" -> onCall(clock.get());
            case "incidents", "open" -> openIncidents();
            default -> "Try `" + command + " oncall` (who is on call now) or `" + command + " incidents` (what is open).";
        };
        ctx.contentType("application/json").result(JSON.writeValueAsString(Map.of("response_type", text.isEmpty() || said.startsWith("Try")
                ? "ephemeral" : "in_channel", "text", said)));
    }

    private String onCall(Instant now) {
        Roster roster = app.roster();
        ZoneId zone = roster.zone();
        Assignment assignment = roster.schedule().at(now);
        String until = assignment.shift().map(shift -> ", until " + Roster.shown(shift.end(), zone)).orElse("");
        return "On call for " + app.catalog().team().name() + " now: primary *" + name(assignment.primary()) + "*, secondary *"
                + name(assignment.secondary()) + "*" + until + (assignment.reasons().isEmpty() ? "" : " (" + String.join("; ", assignment.reasons()) + ")");
    }

    private String name(Optional<String> person) {
        return person.map(id -> app.catalog().team().person(id).map(Person::name).orElse(id)).orElse("nobody");
    }

    private String openIncidents() {
        List<Incident> open = app.incidentStore().list(true);
        if (open.isEmpty()) {
            return "No open incidents.";
        }
        ZoneId zone = app.catalog().team().timezone();
        return open.size() + " open:\n" + open.stream().map(incident -> "• *#" + incident.id() + "* " + incident.severity() + " · "
                + SlackChannel.escape(incident.title()) + " · " + incident.status().text()
                + incident.acknowledgedBy().map(by -> " by " + by).orElse("") + " · opened " + Roster.shown(incident.openedAt(), zone))
                .collect(Collectors.joining("\n"));
    }

    private Optional<Person> bySlackId(String slackId) {
        return app.catalog().team().people().stream().filter(p -> p.slackId().filter(slackId::equals).isPresent()).findFirst();
    }

    /** An answer only the person who clicked sees; when Slack cannot be reached it is logged, and what was done stands. */
    private static void answer(String responseUrl, String text) {
        if (responseUrl.isEmpty()) {
            return;
        }
        try {
            SlackAppChannel.respond(responseUrl, text);
        } catch (IOException e) {
            LOG.warn("could not answer a Slack click: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void verify(Context ctx) {
        ctx.attribute(Audit.CALLER, "hook:slack");
        String secret = Secrets.resolve(settings().orElseThrow().signingSecret(), app.environment(), "channels.slack.app");
        SlackSignature.refusal(secret, ctx.header("X-Slack-Request-Timestamp"), ctx.body(), ctx.header("X-Slack-Signature"), clock.get())
                .ifPresent(why -> {
                    throw HttpError.unauthorized(why);
                });
    }
}
