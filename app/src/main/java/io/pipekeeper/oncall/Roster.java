package io.pipekeeper.oncall;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.OnCall;
import io.pipekeeper.config.RoleOverride;
import io.pipekeeper.config.TimeOff;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.Instant;
import java.util.ArrayList;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The team's whole on-call picture: the configuration's rotation, plan, time off and overrides combined
 * with the changes stored at run time, as one {@link OnCallSchedule}, and its holidays.
 */
public record Roster(OnCallSchedule schedule, HolidayCalendar holidays, ZoneId zone, List<String> people) {
    public Roster {
        people = List.copyOf(people);
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
        return new Roster(new OnCallSchedule(rotation, plan, away, takeovers, people),
                new HolidayCalendar(catalog.team().holidays(), oncall.holidays().extra()), zone, people);
    }

    /** This roster with {@code plan} in place of any saved plan, to see what a proposal would do. */
    public Roster withPlan(List<Shift> plan) {
        return new Roster(schedule.withPlan(plan), holidays, zone, people);
    }

    public Roster withExtraAway(List<Away> away) {
        return new Roster(schedule.withExtraAway(away), holidays, zone, people);
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
