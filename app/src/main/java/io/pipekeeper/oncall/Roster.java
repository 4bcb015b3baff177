package io.pipekeeper.oncall;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.HolidayRegion;
import io.pipekeeper.config.OnCall;
import io.pipekeeper.config.Person;
import io.pipekeeper.config.RoleOverride;
import io.pipekeeper.config.TimeOff;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The team's whole on-call picture: the configuration's rotation, plan, time off and overrides combined
 * with the changes stored at run time, as one {@link OnCallSchedule}, and its holidays: the team's, and those
 * of the people who keep another country's or region's.
 *
 * @param holidays the team's calendar
 * @param personal the calendars of the people whose public holidays differ from the team's, by person
 */
public record Roster(OnCallSchedule schedule, HolidayCalendar holidays, Map<String, HolidayCalendar> personal, ZoneId zone,
                     List<String> people) {
    public Roster {
        personal = Map.copyOf(personal);
        people = List.copyOf(people);
    }

    /** The holidays {@code person} keeps: their own calendar's, or the team's (the company's extra days are in both). */
    public HolidayCalendar holidaysOf(String person) {
        return personal.getOrDefault(person, holidays);
    }

    /** The holiday {@code person} keeps on {@code date}, if any; the team's when nobody holds the role. */
    public Optional<Holiday> holidayOn(Optional<String> person, LocalDate date) {
        return person.map(this::holidaysOf).orElse(holidays).on(date);
    }

    public static Roster of(Catalog catalog, OnCallStore.Changes changes) {
        ZoneId zone = catalog.team().timezone();
        OnCall oncall = catalog.oncall();
        RotationSchedule rotation = new RotationSchedule(oncall.rotation(), zone);

        List<Shift> plan = new ArrayList<>();
        if (!changes.plan().isEmpty()) {
            plan.addAll(changes.plan());
        } else {
            int position = 0;
            for (OnCall.PlannedShift planned : oncall.plan()) {
                plan.add(new Shift(position++, planned.start().atZone(zone).toInstant(), planned.end().atZone(zone).toInstant(),
                        planned.primary(), planned.secondary()));
            }
        }

        List<Away> away = new ArrayList<>();
        for (TimeOff off : oncall.timeOff()) {
            away.add(new Away(off.person(), startOfDay(off.from(), zone), startOfDay(off.to().plusDays(1), zone),
                    off.reason().orElse(""), "config"));
        }
        for (OnCallStore.StoredTimeOff off : changes.timeOff()) {
            away.add(new Away(off.person(), startOfDay(off.firstDay(), zone), startOfDay(off.lastDay().plusDays(1), zone),
                    off.reason() == null ? "" : off.reason(), "time-off #" + off.id() + " by " + off.author()));
        }

        List<Takeover> takeovers = new ArrayList<>();
        long order = 0;
        for (RoleOverride override : oncall.overrides()) {
            takeovers.add(new Takeover(Role.valueOf(override.role().name()), override.person(),
                    override.from().atZone(zone).toInstant(), override.to().atZone(zone).toInstant(),
                    override.reason().orElse(""), "config", order++));
        }
        for (OnCallStore.StoredOverride override : changes.overrides()) {
            String origin = override.swapId().map(swap -> "swap #" + swap).orElse("override #" + override.id())
                    + " by " + override.author();
            takeovers.add(new Takeover(override.role(), override.person(), override.start(), override.end(),
                    override.reason() == null ? "" : override.reason(), origin, order++));
        }
        List<String> people = catalog.team().personIds();
        Map<Optional<HolidayRegion>, HolidayCalendar> calendars = new HashMap<>(); // one per region: Jollyday's are costly to load
        Optional<HolidayRegion> teamRegion = catalog.team().holidays();
        HolidayCalendar team = calendars.computeIfAbsent(teamRegion, region -> new HolidayCalendar(region, oncall.holidays().extra()));
        Map<String, HolidayCalendar> personal = new HashMap<>();
        for (Person person : catalog.team().people()) {
            if (person.holidays().isPresent() && !person.holidays().equals(teamRegion)) {
                personal.put(person.id(), calendars.computeIfAbsent(person.holidays(), region -> new HolidayCalendar(region, oncall.holidays().extra())));
            }
        }
        return new Roster(new OnCallSchedule(rotation, plan, away, takeovers, people), team, personal, zone, people);
    }

    /** This roster with {@code plan} in place of any saved plan, to see what a proposal would do. */
    public Roster withPlan(List<Shift> plan) {
        return new Roster(schedule.withPlan(plan), holidays, personal, zone, people);
    }

    public Roster withExtraAway(List<Away> away) {
        return new Roster(schedule.withExtraAway(away), holidays, personal, zone, people);
    }

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm zzz", Locale.ENGLISH);

    /** An instant as people on the team read it: {@code Mon 2026-12-14 09:00 EST}. */
    public static String shown(Instant instant, ZoneId zone) {
        return SHOWN.format(instant.atZone(zone));
    }

    public static Instant startOfDay(LocalDate date, ZoneId zone) {
        return date.atStartOfDay(zone).toInstant();
    }
}
