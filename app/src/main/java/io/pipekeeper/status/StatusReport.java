package io.pipekeeper.status;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Pipeline;
import io.pipekeeper.incident.Impact;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.SeverityRules;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.pipeline.Run;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one audience (investors, …) sees of the metrics it reads: each metric's state and the date of its data,
 * the open incidents that touch them in plain words (no people, no queries, no samples), and the last
 * {@value #DAYS} days as a strip. Pure: it is given the runs, the incidents and the instant.
 *
 * @param state the worst of the metrics' states: what the page's headline says
 */
public record StatusReport(String audience, String title, Instant at, State state, List<MetricStatus> metrics, List<String> notices,
                           List<Day> days) {
    /** How many days the strip shows. */
    public static final int DAYS = 30;

    public StatusReport {
        metrics = List.copyOf(metrics);
        notices = List.copyOf(notices);
        days = List.copyOf(days);
    }

    /** A metric's state, worst last. */
    public enum State {
        UP_TO_DATE("up to date"), LATE("late"), UNDER_INVESTIGATION("under investigation");

        private final String text;

        State(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * One metric the audience reads: a pipeline's output.
     *
     * @param dataDate    the newest date its data is complete for
     * @param lastGoodRun when it last ran and succeeded
     */
    public record MetricStatus(String id, String name, State state, Optional<LocalDate> dataDate, Optional<Instant> lastGoodRun) {
    }

    /** One calendar day of the strip: {@code ok}, {@code late} (some metric's data was not complete) or {@code incident}. */
    public record Day(LocalDate date, String state, String text) {
    }

    /** An incident and the problems that joined it. */
    public record Touching(Incident incident, List<Impact> impacts) {
    }

    /**
     * @param runs      every run of the audience's pipelines over the strip's days and since
     * @param incidents incidents opened over the strip's days, and every one still open, with their impacts
     */
    public static StatusReport of(Catalog catalog, String audience, String title, List<Run> runs, List<Touching> incidents, Instant now) {
        ZoneId zone = catalog.team().timezone();
        LocalDate today = now.atZone(zone).toLocalDate();
        List<Pipeline> read = catalog.pipelines().values().stream().filter(p -> p.audience().equals(audience)).toList();
        SeverityRules rules = new SeverityRules(catalog);
        Map<Long, Set<String>> touched = new java.util.HashMap<>();
        incidents.forEach(t -> touched.put(t.incident().id(), touchedBy(rules, t)));
        List<MetricStatus> metrics = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (Pipeline pipeline : read) {
            List<Run> good = runs.stream().filter(r -> r.pipeline().equals(pipeline.id()) && r.status() == Run.Status.SUCCEEDED).toList();
            Optional<LocalDate> dataDate = good.stream().map(Run::date).max(Comparator.naturalOrder());
            Optional<Instant> lastGood = good.stream().map(r -> r.finishedAt().orElse(r.startedAt())).max(Comparator.naturalOrder());
            List<Touching> open = incidents.stream().filter(t -> t.incident().open() && touched.get(t.incident().id()).contains(pipeline.id())).toList();
            State state = !open.isEmpty() ? State.UNDER_INVESTIGATION
                    : dataDate.map(d -> d.isBefore(expected(pipeline, today, now, zone))).orElse(true) ? State.LATE : State.UP_TO_DATE;
            metrics.add(new MetricStatus(pipeline.id(), pipeline.name(), state, dataDate, lastGood));
            open.forEach(t -> notices.add(pipeline.name() + ": " + plainly(t.incident()) + ", since " + Roster.shown(t.incident().openedAt(), zone) + "."));
        }
        State worst = metrics.stream().map(MetricStatus::state).max(Comparator.naturalOrder()).orElse(State.UP_TO_DATE);
        boolean lateNow = metrics.stream().anyMatch(m -> m.state() == State.LATE);
        List<Day> days = new ArrayList<>();
        for (int back = DAYS - 1; back >= 0; back--) {
            days.add(day(touched, read, runs, incidents, today.minusDays(back), today, lateNow, zone));
        }
        return new StatusReport(audience, title, now, worst, metrics, notices.stream().distinct().toList(), days);
    }

    /** The newest date whose data should be there now: yesterday's once today's deadline has passed, else the day before. */
    static LocalDate expected(Pipeline pipeline, LocalDate today, Instant now, ZoneId zone) {
        LocalTime deadline = pipeline.schedule().deadline().orElse(LocalTime.MAX);
        boolean past = !now.atZone(zone).toLocalTime().isBefore(deadline);
        return today.minusDays(past ? 1 : 2);
    }

    /** The pipelines an incident touches: its subject, the subjects of the impacts joined to it, and its blast radius. */
    private static Set<String> touchedBy(SeverityRules rules, Touching touching) {
        Set<String> pipelines = new java.util.HashSet<>(rules.blastRadius(touching.incident().subject()).pipelines());
        pipelines.add(touching.incident().subject());
        touching.impacts().forEach(impact -> pipelines.add(impact.subject()));
        return pipelines;
    }

    /**
     * One calendar day: red when an incident touching the metrics was open at some moment of it; amber when the data
     * that day brings (the day before's) never became complete, or, today, when a metric is late now; green otherwise.
     */
    private static Day day(Map<Long, Set<String>> touched, List<Pipeline> read, List<Run> runs, List<Touching> incidents, LocalDate day,
                           LocalDate today, boolean lateNow, ZoneId zone) {
        Instant start = day.atStartOfDay(zone).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
        boolean incident = incidents.stream().anyMatch(t -> read.stream().anyMatch(p -> touched.get(t.incident().id()).contains(p.id()))
                && t.incident().openedAt().isBefore(end) && t.incident().resolvedAt().map(at -> !at.isBefore(start)).orElse(true));
        if (incident) {
            return new Day(day, "incident", day + ": an incident touched these metrics");
        }
        LocalDate brought = day.minusDays(1);
        Set<String> complete = runs.stream().filter(r -> r.date().equals(brought) && r.status() == Run.Status.SUCCEEDED).map(Run::pipeline)
                .collect(Collectors.toSet());
        List<String> missing = read.stream().filter(p -> !complete.contains(p.id())).map(Pipeline::name).toList();
        if (day.equals(today)) {
            return lateNow ? new Day(day, "late", day + ": some metrics are late") : new Day(day, "ok", day + ": every metric up to date");
        }
        return missing.isEmpty() ? new Day(day, "ok", day + ": the data of " + brought + " complete")
                : new Day(day, "late", day + ": the data of " + brought + " never complete for " + String.join(", ", missing));
    }

    /** What an incident means to a reader outside the team, by its kind: never its title, which may name tables and people. */
    static String plainly(Incident incident) {
        String date = incident.date().map(d -> " for " + d).orElse("");
        return switch (incident.kind().toLowerCase(Locale.ROOT)) {
            case "run_failed", "run_blocked", "deadline_missed", "resource_exhausted", "schema_breaking", "contract_conflict" -> "the update" + date
                    + " is delayed and being worked on";
            case "check_failed", "anomaly", "schema_drift" -> "the numbers" + date
                    + " are being checked and may change";
            default -> "a problem" + date + " is being looked into";
        };
    }

    /** A report as JSON-ready values (for {@code status --json} and the API). */
    public Map<String, Object> json() {
        return Map.of("audience", audience, "title", title, "at", at.toString(), "state", state.text(),
                "metrics", metrics.stream().map(m -> Map.of("id", m.id(), "name", m.name(), "state", m.state().text(),
                        "data_date", m.dataDate().map(LocalDate::toString).orElse(""), "last_good_run", m.lastGoodRun().map(Instant::toString).orElse("")))
                        .toList(),
                "notices", notices, "days", days.stream().map(d -> Map.of("date", d.date().toString(), "state", d.state())).toList());
    }
}
