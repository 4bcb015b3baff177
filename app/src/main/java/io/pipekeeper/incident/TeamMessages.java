package io.pipekeeper.incident;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Person;
import io.pipekeeper.config.SlackSettings;
import io.pipekeeper.notify.Notice;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.notify.PageRequest;
import io.pipekeeper.notify.Via;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The pages that go to the team's chat (Slack, Teams, the signed webhook) and the Slack direct messages beside a
 * person's pages, queued in the caller's transaction.
 */
final class TeamMessages {
    private final Catalog catalog;

    TeamMessages(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Whether {@code channel}, one of {@link io.pipekeeper.config.EscalationStep#TEAM_CHANNELS}, has settings. */
    boolean configured(String channel) {
        return switch (channel) {
            case "slack" -> catalog.slack().isPresent();
            case "webhook" -> catalog.webhook().isPresent();
            case "teams" -> catalog.teams().isPresent();
            default -> false;
        };
    }

    /** Whether Slack is an app, which follows each incident in a thread: the thread tells what a notice to the channel would. */
    boolean slackFollows() {
        return catalog.slack().filter(SlackSettings.App.class::isInstance).isPresent();
    }

    /** Queues a step's page to the team by {@code channel}. */
    void page(Handle handle, Incident incident, int step, String channel, List<String> paged, Instant now) {
        String subject = PageTexts.subject(catalog, incident);
        PageRequest request = switch (channel) {
            case "webhook" -> new PageRequest(incident.id(), Notice.PAGE, step, PageRequest.TEAM, Via.WEBHOOK,
                    "incident-" + incident.id() + "-step-" + step, subject, PageTexts.json(catalog, incident, step, paged));
            case "teams" -> new PageRequest(incident.id(), Notice.PAGE, step, PageRequest.TEAM, Via.TEAMS, link(incident),
                    subject, PageTexts.body(catalog, incident, Impacts.of(handle, incident.id()), paged));
            default -> new PageRequest(incident.id(), Notice.PAGE, step, PageRequest.TEAM, Via.SLACK, "#team",
                    subject, PageTexts.body(catalog, incident, Impacts.of(handle, incident.id()), paged));
        };
        Outbox.enqueue(handle, request, now);
    }

    /** Tells the team's chat channels a notice (a resolution, a fallback): Slack (unless its thread tells it) and Teams. */
    void tell(Handle handle, Incident incident, Notice notice, int step, String subject, String body, Instant now) {
        if (configured("slack") && !slackFollows()) {
            Outbox.enqueue(handle, new PageRequest(incident.id(), notice, step, PageRequest.TEAM, Via.SLACK, "#team", subject, body), now);
        }
        if (configured("teams")) {
            Outbox.enqueue(handle, new PageRequest(incident.id(), notice, step, PageRequest.TEAM, Via.TEAMS, link(incident), subject, body), now);
        }
    }

    /**
     * A Slack direct message to {@code person} beside their page, when the Slack app sends them and they have a
     * slack_id; true when one was queued.
     */
    boolean directMessage(Handle handle, Incident incident, int step, Person person, List<String> paged, Instant now) {
        boolean sends = catalog.slack().filter(slack -> slack instanceof SlackSettings.App app && app.directMessages()).isPresent();
        if (!sends || person.slackId().isEmpty()) {
            return false;
        }
        Outbox.enqueue(handle, new PageRequest(incident.id(), Notice.PAGE, step, person.id(), Via.SLACK, person.slackId().get(),
                PageTexts.subject(catalog, incident), PageTexts.body(catalog, incident, Impacts.of(handle, incident.id()), paged)), now);
        return true;
    }

    /** The incident's page on the dashboard, or {@code #team} without a base_url. */
    private String link(Incident incident) {
        return catalog.baseUrl().map(base -> base.replaceAll("/+$", "") + "/incidents/" + incident.id()).orElse("#team");
    }
}
