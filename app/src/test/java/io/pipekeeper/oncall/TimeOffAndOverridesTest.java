package io.pipekeeper.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeOffAndOverridesTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant local(int year, int month, int day, int hour) {
        return LocalDateTime.of(year, month, day, hour, 0).atZone(NEW_YORK).toInstant();
    }

    private static Roster seedWith(String timeOff, String overrides) {
        String text = SeedText.text();
        text = SeedText.replace(text, "  time_off: []", "  time_off: " + timeOff);
        text = SeedText.replace(text, "  overrides: []", "  overrides: " + overrides);
        Catalog catalog = SeedText.load(text);
        return Roster.of(catalog, OnCallStore.Changes.NONE);
    }

    @Test
    void a_primary_away_for_a_whole_shift_is_covered_by_the_secondary_and_the_least_loaded_free_person() {
        Roster roster = seedWith("[{person: john, from: 2026-11-30, to: 2026-12-14, reason: vacation}]", "[]");
        Assignment assignment = roster.schedule().at(local(2026, 12, 3, 12));
        assertThat(assignment.primary()).contains("emily");
        // Around 30 November: john and emily hold the first shift, emily and michael the second; david none.
        assertThat(assignment.secondary()).contains("david");
        assertThat(assignment.source()).isEqualTo(Source.TIME_OFF);
        assertThat(assignment.reasons()).containsExactly("john is on time off (vacation)", "emily moves up to primary",
                "david takes secondary (free, least on call in the 8 weeks around the shift)");
    }

    @Test
    void time_off_on_a_holiday_moves_the_holiday_to_whoever_covers() {
        Roster roster = seedWith("[{person: emily, from: 2026-12-24, to: 2026-12-26}]", "[]");
        Assignment christmas = roster.schedule().at(local(2026, 12, 25, 12));
        assertThat(christmas.primary()).contains("michael");
        // john and david each hold one shift in the eight weeks around 14 December; john is listed first.
        assertThat(christmas.secondary()).contains("john");
        assertThat(roster.schedule().at(local(2026, 12, 27, 12)).primary()).as("back after the time off").contains("emily");
    }

    @Test
    void a_secondary_away_keeps_the_primary_and_only_the_secondary_is_replaced() {
        Roster roster = seedWith("[{person: michael, from: 2026-12-20, to: 2026-12-20}]", "[]");
        Assignment day = roster.schedule().at(local(2026, 12, 20, 12));
        assertThat(day.primary()).contains("emily");
        assertThat(day.secondary()).contains("john");
        assertThat(roster.schedule().at(local(2026, 12, 21, 0)).secondary()).as("time off ends at midnight").contains("michael");
    }

    @Test
    void when_nobody_is_free_the_role_stays_empty_and_the_answer_says_so() {
        Roster roster = seedWith("[{person: john, from: 2026-12-01, to: 2026-12-02}, {person: emily, from: 2026-12-01, to: 2026-12-02},"
                + " {person: michael, from: 2026-12-01, to: 2026-12-02}]", "[]");
        Assignment day = roster.schedule().at(local(2026, 12, 1, 12));
        assertThat(day.primary()).contains("david");
        assertThat(day.secondary()).isEmpty();
        assertThat(day.reasons()).contains("nobody is free to be secondary");
    }

    @Test
    void an_override_takes_one_role_for_its_time_and_says_by_whom() {
        Roster roster = seedWith("[]", "[{role: primary, person: emily, from: 2027-01-18T09:00, to: 2027-01-19T09:00, reason: john's wedding}]");
        Assignment during = roster.schedule().at(local(2027, 1, 18, 20));
        assertThat(during.primary()).contains("emily");
        assertThat(during.secondary()).contains("john");
        assertThat(during.source()).isEqualTo(Source.OVERRIDE);
        assertThat(during.reasons()).containsExactly("override: emily is primary (john's wedding), config");
        assertThat(roster.schedule().at(local(2027, 1, 19, 9)).primary()).contains("david");

        List<Segment> segments = roster.schedule().segments(local(2027, 1, 18, 0), local(2027, 1, 20, 0));
        assertThat(segments).extracting(Segment::primary).containsExactly(
                Optional.of("david"), Optional.of("emily"), Optional.of("david"));
        assertThat(segments.get(1).start()).isEqualTo(local(2027, 1, 18, 9));
        assertThat(segments.get(1).end()).isEqualTo(local(2027, 1, 19, 9));
    }

    @Test
    void an_override_naming_the_other_role_holder_swaps_the_two() {
        Roster roster = seedWith("[]", "[{role: primary, person: john, from: 2027-01-12T09:00, to: 2027-01-13T09:00}]");
        Assignment day = roster.schedule().at(local(2027, 1, 12, 12));
        assertThat(day.primary()).contains("john");
        assertThat(day.secondary()).contains("david");
    }

    @Test
    void the_most_specific_override_wins() {
        Roster roster = seedWith("[]", "[{role: primary, person: emily, from: 2027-01-11T09:00, to: 2027-01-25T09:00},"
                + " {role: primary, person: michael, from: 2027-01-15T09:00, to: 2027-01-16T09:00}]");
        assertThat(roster.schedule().at(local(2027, 1, 14, 12)).primary()).contains("emily");
        assertThat(roster.schedule().at(local(2027, 1, 15, 12)).primary()).contains("michael");
        assertThat(roster.schedule().at(local(2027, 1, 16, 12)).primary()).contains("emily");
    }

    @Test
    void segments_over_a_quiet_month_follow_the_rotation_hand_offs() {
        Roster roster = seedWith("[]", "[]");
        List<Segment> segments = roster.schedule().segments(local(2026, 12, 1, 0), local(2027, 1, 1, 0));
        assertThat(segments).extracting(s -> s.primary().orElseThrow() + "/" + s.secondary().orElseThrow())
                .containsExactly("john/emily", "emily/michael", "michael/david");
        assertThat(segments.get(1).start()).isEqualTo(local(2026, 12, 14, 9));
        assertThat(segments).allSatisfy(s -> assertThat(s.source()).isEqualTo(Source.ROTATION));
    }
}
