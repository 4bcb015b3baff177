package io.pipekeeper.incident;

import io.pipekeeper.notify.Notice;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.signal.Signal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much noise reached people over a stretch of days: signals raised, the incidents they became (each a root
 * cause, with its impacts) and the pages those sent; per cause, per check (with the checks that flap between
 * failing and passing), per pipeline, and pages per person per week. Pure: it is given what happened.
 *
 * @param signals   how many signals were raised
 * @param incidents how many incidents opened: causes
 * @param impacts   how many problems joined those incidents instead of opening their own
 * @param pages     how many pages the incidents' escalation steps decided (not cancelled)
 */
public record NoiseReport(LocalDate from, LocalDate to, int signals, int incidents, int impacts, int pages, List<Cause> causes,
                          List<CheckNoise> checks, List<PipelineNoise> pipelines, List<PersonWeek> pagesPerPersonWeek) {

    /** One incident: its cause, what it absorbed and sent, and how many of the people paged called its page useful, and noise. */
    public record Cause(long incident, String what, String severity, String status, int signals, int impacts, int pages, int useful, int noise) {
        /** Before anyone said whether its page was useful. */
        public Cause(long incident, String what, String severity, String status, int signals, int impacts, int pages) {
            this(incident, what, severity, status, signals, impacts, pages, 0, 0);
        }
    }

    /**
     * One check that did not pass on some day of the range.
     *
     * @param flips     how often its outcome changed between failing and passing from one data date to the next
     * @param stretches how many separate runs of failing days it had: two or more (it failed, passed, failed again)
     *                  is a check that flaps
     */
    public record CheckNoise(String subject, String check, int signals, int failedDays, int passedDays, int flips, int stretches) {
        public boolean flapping() {
            return stretches >= 2;
        }
    }

    /** One pipeline or source: its signals, the incidents it caused, and the impacts it was listed as. */
    public record PipelineNoise(String subject, int signals, int causes, int impacts) {
    }

    /** Pages one person received in one ISO week ({@code 2026-W48}). */
    public record PersonWeek(String person, String week, int pages) {
    }

    /** One check's outcome on one data date. */
    public record CheckOutcome(String subject, String check, LocalDate date, boolean passed) {
    }

    /**
     * @param signals   the signals raised in the range
     * @param incidents the incidents opened in the range, with {@code impacts} of each by id
     * @param pages     the outbox's messages decided in the range
     * @param outcomes  check outcomes of the range's data dates, the last of each day per check
     */
    public static NoiseReport of(LocalDate from, LocalDate to, ZoneId zone, List<Signal> signals, List<Incident> incidents,
                                 Map<Long, List<Impact>> impacts, List<Outbox.Page> pages, List<CheckOutcome> outcomes) {
        List<Outbox.Page> paging = pages.stream().filter(page -> page.notice() == Notice.PAGE && !page.status().equals("cancelled")).toList();
        List<Cause> causes = new ArrayList<>();
        for (Incident incident : incidents) {
            List<Impact> its = impacts.getOrDefault(incident.id(), List.of());
            String what = incident.kind().equals("manual") ? incident.subject() + " — " + incident.title()
                    : Impacts.what(incident.subject(), incident.kind(), incident.checkName()) + incident.date().map(d -> " for " + d).orElse("");
            causes.add(new Cause(incident.id(), what, incident.severity(), incident.status().text(), incident.count(), its.size(),
                    (int) paging.stream().filter(page -> Long.valueOf(incident.id()).equals(page.incidentId())).count()));
        }

        Map<String, int[]> bySubject = new TreeMap<>();
        signals.forEach(signal -> bySubject.computeIfAbsent(signal.subject(), s -> new int[3])[0]++);
        incidents.forEach(incident -> bySubject.computeIfAbsent(incident.subject(), s -> new int[3])[1]++);
        impacts.values().forEach(list -> list.forEach(impact -> bySubject.computeIfAbsent(impact.subject(), s -> new int[3])[2]++));
        List<PipelineNoise> pipelines = bySubject.entrySet().stream()
                .map(e -> new PipelineNoise(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();

        Map<String, List<CheckOutcome>> byCheck = new TreeMap<>();
        outcomes.forEach(outcome -> byCheck.computeIfAbsent(outcome.subject() + "\u0000" + outcome.check(), k -> new ArrayList<>()).add(outcome));
        Map<String, Integer> checkSignals = new LinkedHashMap<>();
        signals.forEach(signal -> checkSignals.merge(signal.subject() + "\u0000" + SeverityRules.checkName(signal.evidence()), 1, Integer::sum));
        List<CheckNoise> checks = new ArrayList<>();
        for (List<CheckOutcome> days : byCheck.values()) {
            List<CheckOutcome> ordered = days.stream().sorted(Comparator.comparing(CheckOutcome::date)).toList();
            int failed = (int) ordered.stream().filter(o -> !o.passed()).count();
            if (failed == 0) {
                continue;
            }
            int flips = 0;
            int stretches = ordered.get(0).passed() ? 0 : 1;
            for (int i = 1; i < ordered.size(); i++) {
                flips += ordered.get(i).passed() != ordered.get(i - 1).passed() ? 1 : 0;
                stretches += !ordered.get(i).passed() && ordered.get(i - 1).passed() ? 1 : 0;
            }
            CheckOutcome first = ordered.get(0);
            checks.add(new CheckNoise(first.subject(), first.check(), checkSignals.getOrDefault(first.subject() + "\u0000" + first.check(), 0),
                    failed, ordered.size() - failed, flips, stretches));
        }
        checks.sort(Comparator.comparing(CheckNoise::stretches).reversed().thenComparing(CheckNoise::failedDays, Comparator.reverseOrder()));

        Map<String, Integer> perWeek = new TreeMap<>();
        for (Outbox.Page page : paging) {
            if (page.via().personal()) {
                var day = page.createdAt().atZone(zone);
                String week = day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                perWeek.merge(page.person() + "\u0000" + week, 1, Integer::sum);
            }
        }
        List<PersonWeek> weeks = perWeek.entrySet().stream()
                .map(e -> new PersonWeek(e.getKey().split("\u0000")[0], e.getKey().split("\u0000")[1], e.getValue())).toList();
        int impactCount = impacts.values().stream().mapToInt(List::size).sum();
        return new NoiseReport(from, to, signals.size(), incidents.size(), impactCount, paging.size(), causes, checks, pipelines, weeks);
    }

    /** The headline: {@code 7 signals → 3 incidents → 3 pages}. */
    public String headline() {
        return signals + " signal" + (signals == 1 ? "" : "s") + " → " + incidents + " incident" + (incidents == 1 ? "" : "s") + " → " + pages
                + " page" + (pages == 1 ? "" : "s") + (impacts == 0 ? "" : " (" + impacts + " impact" + (impacts == 1 ? "" : "s")
                + " joined an incident instead of paging)");
    }

    /** The report of the days {@code from} to {@code to} (inclusive, in the team's zone), read from the store. */
    public static NoiseReport load(org.jdbi.v3.core.Jdbi jdbi, LocalDate from, LocalDate to, ZoneId zone) {
        java.time.Instant start = from.atStartOfDay(zone).toInstant();
        java.time.Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        IncidentStore store = new IncidentStore(jdbi);
        List<Incident> incidents = store.openedBetween(start, end);
        Map<Long, List<Impact>> impacts = new LinkedHashMap<>();
        incidents.forEach(incident -> impacts.put(incident.id(), store.impacts(incident.id())));
        List<CheckOutcome> outcomes = new io.pipekeeper.quality.CheckStore(jdbi).outcomes(from, to).stream()
                .map(o -> new CheckOutcome(o.subject(), o.check(), o.date(), o.passed())).toList();
        NoiseReport report = of(from, to, zone, new io.pipekeeper.signal.SignalStore(jdbi).between(start, end, java.util.Optional.empty(),
                java.util.Optional.empty(), Integer.MAX_VALUE), incidents, impacts, new Outbox(jdbi).between(start, end), outcomes);
        PageFeedback feedback = new PageFeedback(jdbi);
        List<Cause> answered = report.causes().stream().map(cause -> {
            Map<PageFeedback.Verdict, Integer> said = feedback.of(cause.incident());
            return new Cause(cause.incident(), cause.what(), cause.severity(), cause.status(), cause.signals(), cause.impacts(), cause.pages(),
                    said.get(PageFeedback.Verdict.USEFUL), said.get(PageFeedback.Verdict.NOISE));
        }).toList();
        return new NoiseReport(report.from(), report.to(), report.signals(), report.incidents(), report.impacts(), report.pages(), answered,
                report.checks(), report.pipelines(), report.pagesPerPersonWeek());
    }

    /** The report as JSON, the same for the CLI and the API. */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", from.toString());
        json.put("to", to.toString());
        json.put("signals", signals);
        json.put("incidents", incidents);
        json.put("impacts", impacts);
        json.put("pages", pages);
        json.put("headline", headline());
        json.put("causes", causes);
        json.put("checks", checks.stream().map(c -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("subject", c.subject());
            row.put("check", c.check());
            row.put("signals", c.signals());
            row.put("failed_days", c.failedDays());
            row.put("passed_days", c.passedDays());
            row.put("flips", c.flips());
            row.put("failing_stretches", c.stretches());
            row.put("flapping", c.flapping());
            return row;
        }).toList());
        json.put("pipelines", pipelines);
        json.put("pages_per_person_week", pagesPerPersonWeek);
        return json;
    }
}
