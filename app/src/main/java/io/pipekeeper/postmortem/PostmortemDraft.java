package io.pipekeeper.postmortem;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Durations;
import io.pipekeeper.incident.Impact;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.SeverityRules;
import io.pipekeeper.notify.Notice;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.pipeline.Run;
import io.pipekeeper.quality.CheckStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A postmortem drafted from what pipekeeper knows of an incident, in Markdown: the summary, the impact (blast
 * radius, impacts joined, investor metrics and dates), the timeline, the response against the SLAs, who was paged
 * and who helped, the runs and checks involved with their evidence, and headings for people to fill in (causes,
 * what went well, follow-up actions). Pure: it is given the facts and the instant.
 */
public final class PostmortemDraft {
    /** The headings people fill in; a draft leaves a prompt under each. */
    public static final List<String> TO_FILL = List.of("Causes", "What went well", "What went badly", "Follow-up actions");

    private PostmortemDraft() {
    }

    /**
     * What the draft is made of.
     *
     * @param evidence what the signal that opened it measured (JSON), when a signal did
     * @param runs     the runs of the incident's pipeline and of its impacts' pipelines on the dates involved
     * @param checks   the checks that failed on the subjects and dates involved
     */
    public record Facts(Incident incident, List<Impact> impacts, List<Incident.Event> timeline, List<Outbox.Page> messages,
                        Optional<String> evidence, List<Run> runs, List<CheckStore.Outcome> checks, Instant now) {
        public Facts {
            impacts = List.copyOf(impacts);
            timeline = List.copyOf(timeline);
            messages = List.copyOf(messages);
            runs = List.copyOf(runs);
            checks = List.copyOf(checks);
        }
    }

    public static String markdown(Catalog catalog, Facts facts) {
        Incident incident = facts.incident();
        ZoneId zone = catalog.team().timezone();
        StringBuilder md = new StringBuilder();
        md.append("# Postmortem: #").append(incident.id()).append(" ").append(cell(incident.title())).append("\n\n");
        md.append("_Drafted by pipekeeper on ").append(Roster.shown(facts.now(), zone)).append(" from the incident's timeline. Fill in the ")
                .append(TO_FILL.stream().map(h -> "**" + h + "**").collect(Collectors.joining(", "))).append("; edit anything else that reads wrong._\n\n");

        md.append("## Summary\n\n");
        md.append("- What: ").append(cell(incident.title())).append(" (").append(incident.severity()).append(", ").append(incident.subject())
                .append(incident.date().map(d -> ", data of " + d).orElse("")).append(").\n");
        md.append("- Opened: ").append(Roster.shown(incident.openedAt(), zone)).append(".\n");
        md.append("- Acknowledged: ").append(incident.acknowledgedAt().map(at -> Roster.shown(at, zone) + " by " + incident.acknowledgedBy().orElse("?")
                + ", after " + Durations.format(Duration.between(incident.openedAt(), at))).orElse("never")).append(".\n");
        md.append("- Resolved: ").append(incident.resolvedAt().map(at -> Roster.shown(at, zone) + " by " + incident.resolvedBy().orElse("?")
                + ", after " + Durations.format(Duration.between(incident.openedAt(), at)) + resolution(facts.timeline()).map(r -> " (" + r + ")").orElse(""))
                .orElse("not yet (" + incident.status().text() + ")")).append(".\n\n");

        md.append("## Impact\n\n");
        SeverityRules.BlastRadius radius = new SeverityRules(catalog).blastRadius(incident.subject());
        md.append("- Pipelines affected: ").append(radius.pipelines().isEmpty() ? "none" : String.join(", ", radius.pipelines())).append(".\n");
        List<String> investor = radius.investorMetrics();
        md.append("- Investor metrics affected: ").append(investor.isEmpty() ? "none" : String.join(", ", investor)).append(".\n");
        Set<LocalDate> dates = new TreeSet<>();
        incident.date().ifPresent(dates::add);
        facts.impacts().forEach(impact -> impact.date().ifPresent(dates::add));
        md.append("- Data dates affected: ").append(dates.isEmpty() ? "none recorded" : dates.stream().map(LocalDate::toString).collect(Collectors.joining(", ")))
                .append(".\n");
        if (facts.impacts().isEmpty()) {
            md.append("- No other problem joined this incident.\n\n");
        } else {
            md.append("- Problems it caused downstream, joined to it instead of paging on their own:\n");
            facts.impacts().forEach(impact -> md.append("  - ").append(cell(impact.shown())).append(" [").append(impact.severity()).append("]")
                    .append(impact.recoveredAt().map(at -> ", recovered " + Roster.shown(at, zone)).orElse(", not recovered")).append("\n"));
            md.append("\n");
        }

        md.append("## Timeline\n\n| time | what | who |\n|---|---|---|\n");
        facts.timeline().stream().filter(event -> !event.kind().equals("delivery") || event.text().startsWith("paged"))
                .forEach(event -> md.append("| ").append(Roster.shown(event.at(), zone)).append(" | ").append(cell(event.text())).append(" | ")
                        .append(event.actor().orElse("")).append(" |\n"));
        md.append("\n");

        md.append("## Response against the SLA\n\n| | target | took | met |\n|---|---|---|---|\n");
        md.append(slaRow("Acknowledge", incident.openedAt(), incident.respondBy(), incident.acknowledgedAt().or(incident::resolvedAt), facts.now()));
        md.append(slaRow("Resolve", incident.openedAt(), incident.resolveBy(), incident.resolvedAt(), facts.now()));
        md.append("\n");

        md.append("## People\n\n");
        Map<String, Set<String>> paged = new LinkedHashMap<>();
        facts.messages().stream().filter(m -> m.notice() == Notice.PAGE && !m.status().equals("cancelled"))
                .forEach(m -> paged.computeIfAbsent(m.person(), p -> new LinkedHashSet<>()).add(m.via().way() + " (step " + (m.step() + 1) + ", " + m.shownStatus() + ")"));
        md.append("- Paged: ").append(paged.isEmpty() ? "nobody" : paged.entrySet().stream().map(e -> e.getKey() + " by " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "))).append(".\n");
        Set<String> helped = new LinkedHashSet<>();
        facts.timeline().stream().map(Incident.Event::actor).flatMap(Optional::stream).filter(actor -> catalog.team().person(actor).isPresent())
                .forEach(helped::add);
        md.append("- Helped: ").append(helped.isEmpty() ? "nobody recorded" : String.join(", ", helped)).append(".\n\n");

        md.append("## Runs and checks involved\n\n");
        if (facts.runs().isEmpty() && facts.checks().isEmpty() && facts.evidence().isEmpty()) {
            md.append("None recorded.\n\n");
        }
        facts.runs().forEach(run -> md.append("- Run #").append(run.id()).append(" of ").append(run.pipeline()).append(" for ").append(run.date())
                .append(": ").append(run.status().name().toLowerCase(java.util.Locale.ROOT)).append(run.error().map(e -> " — `" + code(e) + "`").orElse(""))
                .append("\n"));
        facts.checks().forEach(check -> md.append("- Check ").append(check.subject()).append(".").append(check.check()).append(" for ").append(check.date())
                .append(": ").append(check.passed() ? "passed" : "failed").append("\n"));
        facts.evidence().ifPresent(evidence -> md.append("\nWhat the signal that opened it measured:\n\n```json\n").append(evidence.strip()).append("\n```\n"));
        md.append("\n");

        for (String heading : TO_FILL) {
            md.append("## ").append(heading).append("\n\n").append(prompt(heading)).append("\n\n");
        }
        return md.toString();
    }

    private static String prompt(String heading) {
        return switch (heading) {
            case "Causes" -> "_What failed, and why was that possible? Ask why until the answer is something the team can change._";
            case "What went well" -> "_What helped: a check that caught it early, a runbook entry that fit._";
            case "What went badly" -> "_What made it slower or worse: a page that went to the wrong person, a missing check._";
            default -> "- [ ] _action_ — _owner_ — _due date_";
        };
    }

    /** How it ended, as its resolved event says: "resolved by john: fixed the join", "recovered: …". */
    private static Optional<String> resolution(List<Incident.Event> timeline) {
        return timeline.stream().filter(e -> e.kind().equals("resolved") || e.kind().equals("recovered")).reduce((a, b) -> b).map(Incident.Event::text);
    }

    private static String slaRow(String what, Instant opened, Instant by, Optional<Instant> done, Instant now) {
        String target = Durations.format(Duration.between(opened, by));
        if (done.isEmpty()) {
            return "| " + what + " | " + target + " | not yet | " + (now.isAfter(by) ? "**no**" : "open") + " |\n";
        }
        boolean met = !done.get().isAfter(by);
        return "| " + what + " | " + target + " | " + Durations.format(Duration.between(opened, done.get())) + " | " + (met ? "yes" : "**no**") + " |\n";
    }

    /** Text safe in a table cell and on one line. */
    static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String code(String text) {
        String line = text.lines().findFirst().orElse("").replace("`", "'");
        return line.length() <= 200 ? line : line.substring(0, 199) + "…";
    }
}
