package io.pipekeeper.web.view;

import java.util.List;

/** What the dashboard's templates show: plain values, formatted for people, no logic left for the templates. */
public final class Views {
    private Views() {
    }

    /**
     * Every page's frame: the title, who is logged in, the form token, the time the page was made, and how often
     * the page reloads itself (0: never) so that the SLA clocks on it count down without JavaScript.
     */
    public record Frame(String title, String person, String role, String csrf, String shownAt, String team, int refreshSeconds) {
    }

    /** @param tone ok, warn, bad or idle: the colour of a status */
    public record PipelineRow(String id, String name, String audience, String owners, String lastRun, String lastStatus, String tone,
                              long openIncidents, String schedule, boolean runbookDue) {
    }

    public record IncidentRow(long id, String severity, String status, String subject, String title, String respondBy, String clock,
                              String tone) {
    }

    public record OnCallNow(String primary, String secondary, String until, String note) {
    }

    /**
     * @param maintenance the maintenance windows in force
     * @param scopes      what a window may be for: all, each pipeline, each source
     * @param canMaintain whether the person may start and end windows (a responder)
     */
    public record Overview(Frame frame, OnCallNow onCall, List<PipelineRow> pipelines, List<IncidentRow> incidents, List<Window> maintenance,
                           List<String> scopes, boolean canMaintain) {
    }

    /** A maintenance window in force; {@code endable} when it was started by hand (the configuration's end on their own). */
    public record Window(String scope, String until, String reason, String by, boolean endable) {
    }

    public record Event(String at, String kind, String text) {
    }

    /**
     * One message of the delivery log.
     *
     * @param status "queued", "sent", "delivered after 5m", "failed", …
     * @param reason why it failed, as the provider said it, or empty
     */
    public record Page(String queuedAt, String step, String person, String channel, String address, String status, int attempts, String reason) {
    }

    /**
     * @param evidence   what the signal that opened it measured, as indented JSON (empty for incidents opened by hand)
     * @param severities the severities a responder may choose, the current one first
     */
    public record IncidentPage(Frame frame, IncidentRow incident, String blastRadius, String openedAt, String resolveBy,
                               String answeredBy, boolean canAnswer, boolean canResolve, List<Event> timeline, List<Page> pages,
                               String evidence, List<String> severities, String runbook, List<ImpactRow> impacts, String mergedInto) {
    }

    /** The noise report, and where the range before it starts. */
    public record NoisePage(Frame frame, io.pipekeeper.incident.NoiseReport report, String earlier) {
    }

    /** One thing an incident's cause held back downstream. */
    public record ImpactRow(String subject, String text, String severity, String state) {
    }

    public record RunRow(String date, String status, String tone, String engine, String wall, String rows, String error) {
    }

    public record CheckRow(String date, String check, String status, String tone, String observed) {
    }

    /**
     * @param durationChart inline SVG, drawn by the server from numbers (safe to put in the page as it is)
     * @param metricChart   inline SVG of the first metric, or a sentence saying why there is none
     */
    public record PipelinePage(Frame frame, PipelineRow pipeline, String purpose, String deadline, List<RunRow> runs, String durationChart,
                               String forecast, String metricChart, List<CheckRow> checks, String runbookNote) {
    }

    public record Day(String date, int dayOfMonth, boolean inMonth, boolean today, String primary, String secondary, String holiday,
                      boolean changed) {
    }

    public record Share(String person, String primaryHours, String secondaryHours, int weekendDays, int holidays) {
    }

    public record OnCallCalendar(Frame frame, String month, String previous, String next, List<List<Day>> weeks, List<Share> fairness) {
    }

    public record Message(Frame frame, String heading, String text) {
    }

    /** The on-call report; {@code workingHours} as people read them, for the "out of hours" column. */
    public record OnCallReportPage(Frame frame, io.pipekeeper.incident.OnCallReport report, String workingHours) {
    }

    /** One metric on a status page: {@code tone} ok, warn or bad. */
    public record StatusMetric(String name, String state, String tone, String dataDate, String lastGoodRun) {
    }

    /** One day of a status page's strip: {@code state} ok, late or incident, {@code text} what its tooltip says. */
    public record StatusDay(String date, String state, String text) {
    }

    /** An audience's status page: standalone (it may be public), with no people, queries or rows in it. */
    public record StatusPage(String title, String team, String state, String tone, String shownAt, List<StatusMetric> metrics, List<String> notices,
                             List<StatusDay> days, int refreshSeconds) {
    }

    /**
     * @param state  whether it is saved (by whom, when) or a draft
     * @param html   the postmortem rendered, raw HTML in it escaped (safe to put in the page as it is)
     * @param canEdit whether the person may save it (a responder)
     */
    public record PostmortemPage(Frame frame, long incident, String title, String state, String html, String markdown, boolean canEdit) {
    }
}
