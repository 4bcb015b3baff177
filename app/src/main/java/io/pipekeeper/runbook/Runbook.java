package io.pipekeeper.runbook;

import io.pipekeeper.troubleshooting.Troubleshooting;

import com.cronutils.descriptor.CronDescriptor;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.EscalationPolicy;
import io.pipekeeper.config.EscalationStep;
import io.pipekeeper.config.EscalationTarget;
import io.pipekeeper.config.Input;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.config.Sla;
import io.pipekeeper.config.Source;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.SeverityRules;
import io.pipekeeper.oncall.Assignment;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.oncall.Shift;
import io.pipekeeper.pipeline.CapacityForecast;
import io.pipekeeper.pipeline.CronTimes;
import io.pipekeeper.pipeline.Run;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline's runbook, written as CommonMark from what pipekeeper knows to be true: the configuration, the
 * schedule, who is on call, the last run, the incidents. The sections, in order: status, Purpose, Audience,
 * Metrics, Frequency, Inputs and dependencies, SLAs, Owners, On call now, On-call procedure, What can go wrong,
 * Notes, Recent incidents, Reviewed.
 */
public final class Runbook {
    /** The sections, as their headings read. */
    public static final List<String> SECTIONS = List.of("Purpose", "Audience", "Metrics", "Frequency", "Inputs and dependencies", "SLAs",
            "Owners", "On call now", "On-call procedure", "What can go wrong", "Notes", "Recent incidents", "Reviewed");

    /** What the runbook is written from, besides the catalog. */
    /** @param endings how each recent incident ended, as its timeline says (who resolved it, and their note) */
    public record Facts(Pipeline pipeline, Roster roster, Instant now, Optional<Run> lastRun, List<Incident> open, List<Incident> recent,
                        Map<Long, String> endings, Optional<RunbookReviews.Review> review, Optional<String> baseUrl, List<Incident> postmortems) {
        public Facts {
            postmortems = List.copyOf(postmortems);
            open = List.copyOf(open);
            recent = List.copyOf(recent);
            endings = Map.copyOf(endings);
        }
    }

    private Runbook() {
    }

    public static String markdown(Catalog catalog, Facts facts) {
        Pipeline p = facts.pipeline();
        Md md = new Md();
        LocalDate today = facts.now().atZone(catalog.team().timezone()).toLocalDate();
        boolean stale = facts.review().map(r -> r.staleOn(today)).orElse(true);
        md.line("# Runbook: " + p.name() + " (`" + p.id() + "`)").blank();
        md.line("**Status:** " + facts.lastRun().map(run -> "last run " + run.status().text() + " for " + run.date()
                        + run.finishedAt().map(at -> ", finished " + Roster.shown(at, catalog.team().timezone())).orElse(""))
                .orElse("never run") + "; " + facts.open().size() + " open incident(s)." + (stale ? " **This runbook is due for review.**" : ""))
                .blank();

        md.heading("Purpose").line(p.purpose()).blank();

        md.heading("Audience").line(audience(catalog, p)).blank();

        md.heading("Metrics");
        md.line("| metric | definition |").line("|---|---|");
        p.metrics().forEach(m -> md.line("| `" + m.name() + "` | " + cell(m.definition()) + " |"));
        md.blank().line("Computed by `" + catalog.baseDir().relativize(p.sql()) + "`, one Parquet file per day under `"
                + catalog.baseDir().relativize(catalog.storage().warehouse().resolve(p.id())) + "/date=DAY/`.").blank();

        md.heading("Frequency").line(frequency(catalog, p, today, facts.now())).blank();

        md.heading("Inputs and dependencies");
        for (Input input : p.inputs()) {
            if (input.kind() == Input.Kind.SOURCE && catalog.sources().containsKey(input.name())) {
                Source s = catalog.sources().get(input.name());
                md.line("- Source `" + s.id() + "`: `" + s.path() + "`, " + s.format().name().toLowerCase(Locale.ROOT) + ", partitioned by "
                        + s.partition().name().toLowerCase(Locale.ROOT) + s.arrivesBy().map(t -> ", expected by " + t + " each day").orElse("")
                        + (s.schema().isEmpty() ? "" : "; contract: " + String.join(", ", s.schema().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).toList())) + input.windowDays().map(d -> "; reads " + d + " days").orElse("") + ".");
            } else if (input.kind() == Input.Kind.PIPELINE) {
                md.line("- Upstream pipeline `" + input.name() + "` (" + catalog.pipeline(input.name()).name() + ").");
            }
        }
        md.line("- Blast radius if it fails: " + new SeverityRules(catalog).blastRadius(p.id()) + ".").blank();

        md.heading("SLAs").line("| severity | respond within | resolve within |").line("|---|---|---|");
        catalog.severities().forEach((name, sla) -> md.line("| " + name + " | " + words(sla.respond()) + " | " + words(sla.resolve()) + " |"));
        md.blank();

        md.heading("Owners");
        md.line("- Primary: **" + person(catalog, p.owners().primary()) + "**" + why(p, p.owners().primary()));
        md.line("- Secondary: **" + person(catalog, p.owners().secondary()) + "**" + why(p, p.owners().secondary())).blank();

        md.heading("On call now").line(onCall(catalog, facts)).blank();

        md.heading("On-call procedure");
        procedure(catalog, p, facts, md);

        md.heading("What can go wrong");
        Troubleshooting troubleshooting = new Troubleshooting(catalog);
        for (Troubleshooting.Entry entry : troubleshooting.entries(p)) {
            md.line("### " + entry.title()).blank();
            md.line("- Symptom: " + entry.symptom() + ".");
            md.line("- Look at, first: " + String.join("; then ", entry.look()) + ".");
            md.line("- Run it again: `" + entry.command() + "`");
            entry.note().ifPresent(note -> md.line("- The team's note: " + note));
            List<Incident> learned = facts.postmortems().stream().filter(i -> troubleshooting.forIncident(i.subject(), i.kind(), i.checkName())
                    .filter(answering -> answering.title().equals(entry.title())).isPresent()).toList();
            if (!learned.isEmpty()) {
                md.line("- Past postmortems:");
                learned.forEach(i -> md.line("  - " + postmortemLink(i, facts.baseUrl()) + " on " + i.openedAt().atZone(catalog.team().timezone())
                        .toLocalDate() + ": " + cell(i.title())));
            }
            md.blank();
        }

        md.heading("Notes").line(p.runbook().notes().orElse("No notes yet: add them under `pipelines." + p.id() + ".runbook.notes`.")).blank();

        md.heading("Recent incidents");
        if (facts.recent().isEmpty()) {
            md.line("None recorded.").blank();
        } else {
            md.line("| # | opened | severity | what | how it ended |").line("|---|---|---|---|---|");
            facts.recent().forEach(i -> md.line("| " + i.id() + " | " + Roster.shown(i.openedAt(), catalog.team().timezone()) + " | " + i.severity()
                    + " | " + cell(i.title()) + " | " + cell(facts.endings().getOrDefault(i.id(), i.status().text())) + " |"));
            md.blank();
        }

        md.heading("Reviewed");
        md.line(facts.review().map(r -> "Last reviewed on " + r.on() + " by " + person(catalog, r.by()) + "; the next review is due on " + r.due()
                        + (r.staleOn(today) ? " (**overdue**)." : "."))
                .orElse("Never reviewed (**overdue**).") + " After a review: `pipekeeper runbook review " + p.id() + " --by YOU`.");
        return md.toString();
    }

    /** A link to the postmortem with a base_url, else the command that prints it. */
    private static String postmortemLink(Incident incident, Optional<String> baseUrl) {
        return baseUrl.map(base -> "[#" + incident.id() + "](" + base.replaceAll("/+$", "") + "/incidents/" + incident.id() + "/postmortem)")
                .orElse("#" + incident.id() + " (`pipekeeper incident postmortem " + incident.id() + "`)");
    }

    private static String audience(Catalog catalog, Pipeline p) {
        SeverityRules.BlastRadius radius = new SeverityRules(catalog).blastRadius(p.id());
        boolean investors = radius.pipelines().stream().anyMatch(id -> "investors".equals(catalog.pipeline(id).audience()));
        String who = switch (p.audience()) {
            case "investors" -> "Investors read this output.";
            case "experiments" -> "Experiment analyses read this output.";
            default -> "Internal readers use this output.";
        };
        return who + (investors ? " It reaches investors (itself or downstream), so its failures are **critical** by default."
                : p.audience().equals("experiments") ? " Its failures are **major** by default." : " Its failures are **minor** by default.")
                + " Anomalies, drift and capacity risks are minor; a check's own severity and the team's severity_rules come first.";
    }

    private static String frequency(Catalog catalog, Pipeline p, LocalDate today, Instant now) {
        String words = CronDescriptor.instance(Locale.UK).describe(p.schedule().cron());
        StringBuilder text = new StringBuilder("Runs " + words + " (`" + p.schedule().cronText() + "`) in " + catalog.team().timezone()
                + ", computing the day before.");
        new CronTimes(p.schedule().cron(), catalog.team().timezone()).next(now).ifPresent(next -> text.append(" Next run: ")
                .append(Roster.shown(next, catalog.team().timezone())).append(" (`pipekeeper pipelines next ").append(p.id()).append("`)."));
        p.schedule().deadline().ifPresent(deadline -> text.append(" Deadline: ").append(deadline).append(" the same morning")
                .append(CapacityForecast.window(p, catalog.team().timezone(), today).map(w -> ", which leaves " + words(w) + " from the run")
                        .orElse("")).append("; a run not done by then raises `deadline_missed`."));
        return text.toString();
    }

    private static String onCall(Catalog catalog, Facts facts) {
        Assignment now = facts.roster().schedule().at(facts.now());
        Optional<Shift> next = facts.roster().schedule().turnsBetween(facts.now(), facts.now().plus(Duration.ofDays(120))).stream()
                .filter(turn -> turn.start().isAfter(facts.now())).findFirst();
        String who = now.primary().map(primary -> "Primary **" + primary + "**, secondary **" + now.secondary().orElse("nobody") + "**.")
                .orElse("Nobody yet: the rotation starts " + Roster.shown(facts.roster().schedule().rotation().start(), catalog.team().timezone())
                        + "; until then the owners are paged.");
        return who + next.map(turn -> " Next hand-off " + Roster.shown(turn.start(), catalog.team().timezone()) + ": " + turn.primary()
                + " primary, " + turn.secondary() + " secondary.").orElse("");
    }

    private static void procedure(Catalog catalog, Pipeline p, Facts facts, Md md) {
        Map.Entry<String, Sla> top = catalog.severities().entrySet().iterator().next();
        md.line("### Notification").blank();
        md.line("When an incident opens, pipekeeper pages by the clock until someone acknowledges (times for a " + top.getKey()
                + " incident, whose respond SLA is " + words(top.getValue().respond()) + "):").blank();
        EscalationPolicy policy = p.escalation().orElse(catalog.oncall().escalation());
        for (EscalationStep step : policy.steps()) {
            md.line("- " + (step.after().of(top.getValue()).isZero() ? "At once" : "After " + words(step.after().of(top.getValue()))
                    + " (" + step.after() + ")") + ": " + String.join(", ", step.targets().stream().map(t -> target(t, p)).toList())
                    + ", by " + String.join(" and ", step.via()) + ".");
        }
        if (policy.repeat() > 0) {
            md.line("- Then the same steps again, " + policy.repeat() + (policy.repeat() == 1 ? " more time" : " more times")
                    + ", while nobody acknowledges.");
        }
        md.blank().line("Every page names the incident, says what happened, and carries the commands (and, with the server, links) to "
                + "acknowledge it.").blank();
        md.line("### Assessment").blank();
        md.line("Read the incident and its evidence: `pipekeeper incident show ID`. Its severity came from the rules (see Audience); if "
                + "it is wrong, change it, and the SLA clocks move: `pipekeeper incident severity ID major --by YOU --reason \"…\"`.").blank();
        md.line("### Resolution").blank();
        md.line("1. Acknowledge at once, which stops the escalation: `pipekeeper incident ack ID --by YOU` (or the link in the page, "
                + "or reply `ack ID` to the SMS).");
        md.line("2. Find the cause with the entry of **What can go wrong** that matches; the secondary on call supports the primary, "
                + "and the owners (" + p.owners().primary() + ", " + p.owners().secondary() + ") know the pipeline best.");
        md.line("3. Fix it, run it again, and check the output: `pipekeeper run " + p.id() + " --date DAY`.");
        md.line("4. Resolve with what fixed it: `pipekeeper incident resolve ID --by YOU --note \"…\"`. A later successful run or "
                + "passing check resolves it on its own.");
        facts.baseUrl().ifPresent(base -> md.blank().line("The dashboard: " + base.replaceAll("/+$", "") + "/pipelines/" + p.id()));
        md.blank();
    }

    private static String target(EscalationTarget target, Pipeline p) {
        return switch (target.kind()) {
            case PRIMARY -> "the primary on call";
            case SECONDARY -> "the secondary on call";
            case OWNER_PRIMARY -> "the owner " + p.owners().primary();
            case OWNER_SECONDARY -> "the owner " + p.owners().secondary();
            case PERSON -> target.person().orElseThrow();
            case TEAM -> "the team's channels";
        };
    }

    private static String person(Catalog catalog, String id) {
        return catalog.team().person(id).map(person -> person.name() + " (`" + id + "`)").orElse(id);
    }

    private static String why(Pipeline p, String person) {
        return Optional.ofNullable(p.owners().why().get(person)).map(why -> ": " + why).orElse("");
    }

    static String words(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes % (60 * 24) == 0 && minutes >= 60 * 24) {
            return minutes / (60 * 24) + (minutes == 60 * 24 ? " day" : " days");
        }
        if (minutes % 60 == 0 && minutes >= 60) {
            return minutes / 60 + (minutes == 60 ? " hour" : " hours");
        }
        return minutes + " minutes";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /** A little builder of lines. */
    private static final class Md {
        private final StringBuilder text = new StringBuilder();

        Md line(String line) {
            text.append(line).append('\n');
            return this;
        }

        Md blank() {
            text.append('\n');
            return this;
        }

        Md heading(String section) {
            return line("## " + section).blank();
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
