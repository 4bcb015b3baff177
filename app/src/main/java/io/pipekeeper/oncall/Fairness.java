package io.pipekeeper.oncall;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * How evenly on-call duty fell on the team from one date to another (both inclusive): hours as primary and
 * as secondary, and the days that hurt most. A day counts for whoever is on call at 12:00 local that day; a holiday
 * is one of the holidays that person keeps (their own calendar's, or the team's).
 */
public record Fairness(LocalDate from, LocalDate to, List<PersonShare> people, Map<String, Double> spread) {
    static final LocalTime NOON = LocalTime.NOON;

    public Fairness {
        people = List.copyOf(people);
        spread = Map.copyOf(spread);
    }

    /** One person's share of the duty. */
    public record PersonShare(String id, double primaryHours, double secondaryHours, int primaryWeekendDays,
                              int primaryHolidays, int secondaryHolidays) {
    }

    public static Fairness of(Roster roster, LocalDate from, LocalDate to) {
        return of(roster, Roster.startOfDay(from, roster.zone()), Roster.startOfDay(to.plusDays(1), roster.zone()));
    }

    /** Hours held in [start, end), and the days whose noon falls in it. */
    public static Fairness of(Roster roster, Instant start, Instant end) {
        LocalDate from = start.atZone(roster.zone()).toLocalDate();
        LocalDate to = end.minusNanos(1).atZone(roster.zone()).toLocalDate();
        Map<String, double[]> hours = new LinkedHashMap<>();
        Map<String, int[]> days = new LinkedHashMap<>();
        for (String person : roster.people()) {
            hours.put(person, new double[2]);
            days.put(person, new int[3]);
        }
        for (Segment segment : roster.schedule().segments(start, end)) {
            double held = Duration.between(segment.start(), segment.end()).toSeconds() / 3600.0;
            segment.primary().filter(hours::containsKey).ifPresent(p -> hours.get(p)[0] += held);
            segment.secondary().filter(hours::containsKey).ifPresent(p -> hours.get(p)[1] += held);
        }
        for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
            Instant noonInstant = date.atTime(NOON).atZone(roster.zone()).toInstant();
            if (noonInstant.isBefore(start) || !noonInstant.isBefore(end)) {
                continue;
            }
            Assignment noon = roster.schedule().at(noonInstant);
            boolean weekend = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
            LocalDate day = date;
            noon.primary().filter(days::containsKey).ifPresent(p -> {
                days.get(p)[0] += weekend ? 1 : 0;
                days.get(p)[1] += roster.holidaysOf(p).on(day).isPresent() ? 1 : 0;
            });
            noon.secondary().filter(days::containsKey).ifPresent(p -> days.get(p)[2] += roster.holidaysOf(p).on(day).isPresent() ? 1 : 0);
        }
        List<PersonShare> people = new ArrayList<>();
        for (String person : roster.people()) {
            double[] h = hours.get(person);
            int[] d = days.get(person);
            people.add(new PersonShare(person, round(h[0]), round(h[1]), d[0], d[1], d[2]));
        }
        Map<String, Double> spread = new LinkedHashMap<>();
        spread.put("primary_hours", spreadOf(people, PersonShare::primaryHours));
        spread.put("secondary_hours", spreadOf(people, PersonShare::secondaryHours));
        spread.put("primary_weekend_days", spreadOf(people, PersonShare::primaryWeekendDays));
        spread.put("primary_holidays", spreadOf(people, PersonShare::primaryHolidays));
        spread.put("secondary_holidays", spreadOf(people, PersonShare::secondaryHolidays));
        return new Fairness(from, to, people, spread);
    }

    /** max − min over the team. */
    private static double spreadOf(List<PersonShare> people, ToDoubleFunction<PersonShare> measure) {
        double max = people.stream().mapToDouble(measure).max().orElse(0);
        double min = people.stream().mapToDouble(measure).min().orElse(0);
        return round(max - min);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** The JSON shape: {"people":[{"id","primary_hours",…}],"spread":{…}}. */
    public Map<String, Object> toJson() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PersonShare share : people) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", share.id());
            row.put("primary_hours", share.primaryHours());
            row.put("secondary_hours", share.secondaryHours());
            row.put("primary_weekend_days", share.primaryWeekendDays());
            row.put("primary_holidays", share.primaryHolidays());
            row.put("secondary_holidays", share.secondaryHolidays());
            rows.add(row);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", from.toString());
        json.put("to", to.toString());
        json.put("people", rows);
        Map<String, Object> orderedSpread = new LinkedHashMap<>();
        for (String key : List.of("primary_hours", "secondary_hours", "primary_weekend_days", "primary_holidays", "secondary_holidays")) {
            orderedSpread.put(key, spread.get(key));
        }
        json.put("spread", orderedSpread);
        return json;
    }
}
