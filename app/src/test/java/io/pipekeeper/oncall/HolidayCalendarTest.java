package io.pipekeeper.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.HolidayPolicy;
import io.pipekeeper.config.HolidayRegion;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HolidayCalendarTest {
    private static HolidayCalendar of(String code) {
        return new HolidayCalendar(Optional.of(HolidayRegion.parse(code)), List.of());
    }

    @Test
    void bavaria_has_epiphany_and_berlin_does_not() {
        LocalDate epiphany = LocalDate.of(2027, 1, 6);
        assertThat(of("DE-BY").on(epiphany)).map(Holiday::name).contains("Epiphany");
        assertThat(of("DE-BE").on(epiphany)).isEmpty();
        assertThat(of("DE").on(LocalDate.of(2027, 10, 3))).isPresent();
    }

    @Test
    void a_holiday_on_a_weekend_is_kept_on_the_day_it_is_observed() {
        HolidayCalendar us = of("US");
        assertThat(us.on(LocalDate.of(2027, 7, 5))).map(Holiday::name).contains("Independence Day");
        assertThat(us.on(LocalDate.of(2027, 7, 4))).isEmpty();
        assertThat(us.on(LocalDate.of(2027, 12, 24))).map(Holiday::name).contains("Christmas");
    }

    @Test
    void company_days_join_the_public_ones() {
        HolidayCalendar calendar = new HolidayCalendar(Optional.of(HolidayRegion.parse("US")),
                List.of(new HolidayPolicy.ExtraHoliday(LocalDate.of(2026, 12, 24), "Company day")));
        assertThat(calendar.between(LocalDate.of(2026, 12, 20), LocalDate.of(2026, 12, 31)))
                .containsExactly(new Holiday(LocalDate.of(2026, 12, 24), "Company day"),
                        new Holiday(LocalDate.of(2026, 12, 25), "Christmas"));
    }

    @Test
    void a_team_without_a_country_has_only_its_company_days() {
        HolidayCalendar calendar = new HolidayCalendar(Optional.empty(),
                List.of(new HolidayPolicy.ExtraHoliday(LocalDate.of(2027, 3, 1), "Offsite")));
        assertThat(calendar.between(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31))).extracting(Holiday::name)
                .containsExactly("Offsite");
    }
}
