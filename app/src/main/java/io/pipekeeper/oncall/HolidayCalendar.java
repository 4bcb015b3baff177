package io.pipekeeper.oncall;

import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import io.pipekeeper.config.HolidayPolicy;
import io.pipekeeper.config.HolidayRegion;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The team's days off: public holidays from Jollyday for its country and region, on the day they are
 * observed (US Independence Day 2027 falls on a Sunday and is observed on Monday 5 July), plus the company's
 * extra days. A holiday is a local calendar date.
 */
public final class HolidayCalendar {
    private final Optional<HolidayRegion> region;
    private final List<HolidayPolicy.ExtraHoliday> extra;
    private final Map<Integer, List<Holiday>> byYear = new HashMap<>();

    public HolidayCalendar(Optional<HolidayRegion> region, List<HolidayPolicy.ExtraHoliday> extra) {
        this.region = region;
        this.extra = List.copyOf(extra);
    }

    /** The holidays from {@code from} to {@code to}, both inclusive, by date. */
    public synchronized List<Holiday> between(LocalDate from, LocalDate to) {
        List<Holiday> holidays = new ArrayList<>();
        for (int year = from.getYear(); year <= to.getYear(); year++) {
            for (Holiday holiday : ofYear(year)) {
                if (!holiday.date().isBefore(from) && !holiday.date().isAfter(to)) {
                    holidays.add(holiday);
                }
            }
        }
        return holidays;
    }

    public Optional<Holiday> on(LocalDate date) {
        return between(date, date).stream().findFirst();
    }

    private List<Holiday> ofYear(int year) {
        return byYear.computeIfAbsent(year, y -> {
            List<Holiday> holidays = new ArrayList<>();
            region.ifPresent(r -> {
                HolidayManager manager = HolidayManager.getInstance(ManagerParameters.create(r.country().toLowerCase(Locale.ROOT)));
                String[] subdivisions = r.region().map(code -> new String[] {code.toLowerCase(Locale.ROOT)}).orElse(new String[0]);
                manager.getHolidays(Year.of(y), subdivisions)
                        .forEach(h -> holidays.add(new Holiday(h.getDate(), h.getDescription(Locale.ENGLISH))));
            });
            extra.stream().filter(e -> e.date().getYear() == y).forEach(e -> holidays.add(new Holiday(e.date(), e.name())));
            holidays.sort(Comparator.comparing(Holiday::date).thenComparing(Holiday::name));
            return List.copyOf(holidays);
        });
    }
}
