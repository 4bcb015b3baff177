package io.pipekeeper.incident;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Durations;
import io.pipekeeper.config.Person;
import io.pipekeeper.config.WorkingHours;
import io.pipekeeper.oncall.Fairness;
import io.pipekeeper.oncall.Roster;
import io.pipekeeper.oncall.Segment;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.jdbi.v3.core.Jdbi;

/**
 * Who carried the on-call load from one date to another (both inclusive), for managers and for on-call pay: per
 * person, hours as primary and as secondary, the hours of those on weekends and on the holidays they keep, pages
 * received (one per incident and step, whatever the channels), those out of working hours and at night (22:00 to
 * 07:00 where they are), acknowledgements and the median time to acknowledge; per team, the spread (max − min) of
 * each. Pure: it is given the roster, the pages and the incidents.
 */
public record OnCallReport(LocalDate from, LocalDate to, List<PersonLine> people, Map<String, Double> spread) {
    /** Working hours when the team names none: Monday to Friday, 09:00 to 17:00. */
    static final WorkingHours OFFICE = new WorkingHours(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0));
    static final LocalTime NIGHT_FROM = LocalTime.of(22, 0);
    static final LocalTime NIGHT_TO = LocalTime.of(7, 0);

    public OnCallReport {
        people = List.copyOf(people);
        spread = Map.copyOf(spread);
    }

    /** One person's load. */
    public record PersonLine(String id, String name, double primaryHours, double secondaryHours, double weekendHours, double holidayHours,
                             int pages, int pagesOutOfHours, int pagesAtNight, int acknowledged, Optional<Duration> medianToAcknowledge) {
    }

    /** A page a person received: its incident and step, and when it first went out. */
    public record PageAt(String person, long incident, int step, Instant at) {
    }

    public static OnCallReport of(Catalog catalog, Roster roster, LocalDate from, LocalDate to, List<PageAt> pages, List<Incident> incidents) {
        ZoneId teamZone = roster.zone();
        Instant start = from.atStartOfDay(teamZone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(teamZone).toInstant();
        Fairness fairness = Fairness.of(roster, from, to);
        Map<String, double[]> special = new LinkedHashMap<>(); // weekend hours, holiday hours
        roster.people().forEach(p -> special.put(p, new double[2]));
        for (Segment segment : roster.schedule().segments(start, end)) {
            for (String person : List.of(segment.primary(), segment.secondary()).stream().flatMap(Optional::stream).distinct().toList()) {
                if (special.containsKey(person)) {
                    addSpecialHours(roster, person, segment.start(), segment.end(), special.get(person));
                }
            }
        }
        WorkingHours working = catalog.team().workingHours().orElse(OFFICE);
        List<PersonLine> lines = new ArrayList<>();
        for (Fairness.PersonShare share : fairness.people()) {
            String id = share.id();
            Optional<Person> person = catalog.team().person(id);
            ZoneId zone = person.flatMap(Person::timezone).orElse(teamZone);
            List<PageAt> received = pages.stream().filter(p -> p.person().equals(id) && !p.at().isBefore(start) && p.at().isBefore(end)).toList();
            int outOfHours = (int) received.stream().filter(p -> !working.nextStart(p.at(), zone).equals(p.at())).count();
            int atNight = (int) received.stream().filter(p -> night(p.at().atZone(zone))).count();
            List<Duration> answers = incidents.stream().filter(i -> i.acknowledgedBy().filter(id::equals).isPresent())
                    .filter(i -> i.acknowledgedAt().filter(at -> !at.isBefore(start) && at.isBefore(end)).isPresent())
                    .map(i -> Duration.between(i.openedAt(), i.acknowledgedAt().orElseThrow())).sorted().toList();
            double[] s = special.get(id);
            lines.add(new PersonLine(id, person.map(Person::name).orElse(id), share.primaryHours(), share.secondaryHours(), round(s[0]), round(s[1]),
                    received.size(), outOfHours, atNight, answers.size(), median(answers)));
        }
        Map<String, Double> spread = new LinkedHashMap<>();
        spread.put("primary_hours", spreadOf(lines, PersonLine::primaryHours));
        spread.put("secondary_hours", spreadOf(lines, PersonLine::secondaryHours));
        spread.put("weekend_hours", spreadOf(lines, PersonLine::weekendHours));
        spread.put("holiday_hours", spreadOf(lines, PersonLine::holidayHours));
        spread.put("pages", spreadOf(lines, PersonLine::pages));
        spread.put("pages_at_night", spreadOf(lines, PersonLine::pagesAtNight));
        return new OnCallReport(from, to, lines, spread);
    }

    /** The report from the store: the pages that went out (sent or delivered) and the incidents acknowledged in the range. */
    public static OnCallReport load(Catalog catalog, Roster roster, Jdbi jdbi, LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(roster.zone()).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(roster.zone()).toInstant();
        List<PageAt> pages = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT person, incident_id, step, MIN(COALESCE(sent_at, created_at)) AS at FROM outbox
                        WHERE notice = 'page' AND status IN ('sent', 'delivered') AND created_at >= :start AND created_at < :end
                        GROUP BY person, incident_id, step
                        """).bind("start", start.atOffset(java.time.ZoneOffset.UTC)).bind("end", end.atOffset(java.time.ZoneOffset.UTC))
                .map((rs, ctx) -> new PageAt(rs.getString("person"), rs.getLong("incident_id"), rs.getInt("step"),
                        rs.getObject("at", OffsetDateTime.class).toInstant())).list());
        return of(catalog, roster, from, to, pages, new IncidentStore(jdbi).list(false));
    }

    private static void addSpecialHours(Roster roster, String person, Instant from, Instant to, double[] into) {
        ZoneId zone = roster.zone();
        Instant at = from;
        while (at.isBefore(to)) {
            ZonedDateTime local = at.atZone(zone);
            Instant dayEnd = local.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
            Instant pieceEnd = dayEnd.isBefore(to) ? dayEnd : to;
            double hours = Duration.between(at, pieceEnd).toSeconds() / 3600.0;
            DayOfWeek day = local.getDayOfWeek();
            if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
                into[0] += hours;
            }
            if (roster.holidaysOf(person).on(local.toLocalDate()).isPresent()) {
                into[1] += hours;
            }
            at = pieceEnd;
        }
    }

    static boolean night(ZonedDateTime at) {
        LocalTime time = at.toLocalTime();
        return !time.isBefore(NIGHT_FROM) || time.isBefore(NIGHT_TO);
    }

    private static Optional<Duration> median(List<Duration> sorted) {
        if (sorted.isEmpty()) {
            return Optional.empty();
        }
        int n = sorted.size();
        return Optional.of(n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2));
    }

    private static double spreadOf(List<PersonLine> lines, ToDoubleFunction<PersonLine> measure) {
        double max = lines.stream().mapToDouble(measure).max().orElse(0);
        double min = lines.stream().mapToDouble(measure).min().orElse(0);
        return round(max - min);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** One person's line, as the hand-off mail says it: "john: 168 h primary, 0 h secondary, 4 pages (1 at night), 3 acknowledged, median 6m". */
    public String line(String person) {
        return people.stream().filter(p -> p.id().equals(person)).findFirst().map(p -> p.id() + ": " + hours(p.primaryHours()) + " h primary, "
                + hours(p.secondaryHours()) + " h secondary, " + p.pages() + " page(s) (" + p.pagesOutOfHours() + " out of working hours, "
                + p.pagesAtNight() + " at night), " + p.acknowledged() + " acknowledged"
                + p.medianToAcknowledge().map(d -> ", median " + Durations.format(d)).orElse("")).orElse(person + ": not on the team");
    }

    private static String hours(double hours) {
        return String.format(Locale.ROOT, "%.0f", hours);
    }

    /** The CSV for payroll: one row per person, a header first; hours with two decimals, the median in minutes. */
    public String csv() {
        StringBuilder csv = new StringBuilder("person,name,from,to,primary_hours,secondary_hours,weekend_hours,holiday_hours,pages,"
                + "pages_out_of_hours,pages_at_night,acknowledged,median_minutes_to_acknowledge\n");
        for (PersonLine p : people) {
            csv.append(String.join(",", p.id(), quoted(p.name()), from.toString(), to.toString(), two(p.primaryHours()), two(p.secondaryHours()),
                    two(p.weekendHours()), two(p.holidayHours()), Integer.toString(p.pages()), Integer.toString(p.pagesOutOfHours()),
                    Integer.toString(p.pagesAtNight()), Integer.toString(p.acknowledged()),
                    p.medianToAcknowledge().map(d -> two(d.toSeconds() / 60.0)).orElse(""))).append('\n');
        }
        return csv.toString();
    }

    private static String two(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /**
     * RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled; one that a spreadsheet
     * would read as a formula (=, +, -, @ first) starts with an apostrophe instead.
     */
    static String quoted(String field) {
        String safe = field.matches("^[=+\\-@].*") ? "'" + field : field;
        return safe.matches("(?s).*[,\"\r\n].*") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    public Map<String, Object> json() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PersonLine p : people) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", p.id());
            row.put("name", p.name());
            row.put("primary_hours", p.primaryHours());
            row.put("secondary_hours", p.secondaryHours());
            row.put("weekend_hours", p.weekendHours());
            row.put("holiday_hours", p.holidayHours());
            row.put("pages", p.pages());
            row.put("pages_out_of_hours", p.pagesOutOfHours());
            row.put("pages_at_night", p.pagesAtNight());
            row.put("acknowledged", p.acknowledged());
            row.put("median_seconds_to_acknowledge", p.medianToAcknowledge().map(Duration::toSeconds).orElse(null));
            rows.add(row);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", from.toString());
        json.put("to", to.toString());
        json.put("people", rows);
        json.put("spread", spread);
        return json;
    }
}
