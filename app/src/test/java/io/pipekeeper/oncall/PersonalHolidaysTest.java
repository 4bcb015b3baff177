package io.pipekeeper.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The seed's New York team with Michael working from Munich: he keeps Bavaria's public holidays, the others the US's. */
class PersonalHolidaysTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private final Catalog catalog = SeedText.load(SeedText.replace(SeedText.text(), "      email: michael@example.com\n",
            "      email: michael@example.com\n      holidays: DE-BY\n"));
    private final Roster roster = Roster.of(catalog, OnCallStore.Changes.NONE);

    @Test
    void a_holiday_is_the_holiday_of_whoever_holds_the_role() {
        LocalDate epiphany = LocalDate.of(2027, 1, 6); // Heilige Drei Könige: Bavaria's, not New York's
        Assignment noon = roster.schedule().at(LocalDateTime.of(2027, 1, 6, 12, 0).atZone(NEW_YORK).toInstant());
        assertThat(noon.primary()).contains("michael");
        assertThat(roster.holidayOn(noon.primary(), epiphany)).map(Holiday::name).hasValueSatisfying(name -> assertThat(name).contains("Epiphany"));
        assertThat(roster.holidayOn(noon.secondary(), epiphany)).as("david keeps the team's US holidays").isEmpty();
        assertThat(roster.holidays().on(epiphany)).as("the team's calendar").isEmpty();
        assertThat(roster.holidayOn(Optional.empty(), LocalDate.of(2027, 7, 5))).as("nobody: the team's").map(Holiday::name)
                .hasValueSatisfying(name -> assertThat(name).contains("Independence"));
    }

    @Test
    void fairness_counts_each_persons_own_holidays() {
        // 14 Dec – 10 Jan: emily/michael, then michael/david. Michael is secondary at Christmas (25th and Bavaria's 26th)
        // and primary on New Year's Day and Epiphany; Emily is primary at Christmas (US: the 25th only).
        Fairness fairness = Fairness.of(roster, LocalDate.of(2026, 12, 14), LocalDate.of(2027, 1, 10));
        Fairness.PersonShare michael = share(fairness, "michael");
        Fairness.PersonShare emily = share(fairness, "emily");
        Fairness.PersonShare david = share(fairness, "david");
        assertThat(michael.primaryHolidays()).isEqualTo(2);
        assertThat(michael.secondaryHolidays()).isEqualTo(2);
        assertThat(emily.primaryHolidays()).isEqualTo(1);
        assertThat(david.secondaryHolidays()).as("New Year's Day, US").isEqualTo(1);
    }

    @Test
    void the_holidays_of_a_stretch_on_call_are_its_primarys() {
        Segment newYear = roster.schedule().segments(LocalDateTime.of(2026, 12, 28, 9, 0).atZone(NEW_YORK).toInstant(),
                LocalDateTime.of(2027, 1, 11, 9, 0).atZone(NEW_YORK).toInstant()).get(0);
        assertThat(newYear.primary()).contains("michael");
        assertThat(CalendarFeed.holidaysIn(roster, newYear)).extracting(Holiday::date)
                .containsExactly(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 6));
    }

    private static Fairness.PersonShare share(Fairness fairness, String id) {
        return fairness.people().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }
}
