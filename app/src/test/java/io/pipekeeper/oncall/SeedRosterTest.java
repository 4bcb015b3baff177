package io.pipekeeper.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The seed's two-week rotation as its author wrote it. */
class SeedRosterTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private final Catalog seed = SeedText.load(SeedText.text());
    private final Roster roster = Roster.of(seed, OnCallStore.Changes.NONE);

    private Assignment at(int year, int month, int day, int hour) {
        return roster.schedule().at(LocalDateTime.of(year, month, day, hour, 0).atZone(NEW_YORK).toInstant());
    }

    @Test
    void the_first_eight_weeks_match_the_seeds_table_and_then_repeat() {
        String[][] table = {{"john", "emily"}, {"emily", "michael"}, {"michael", "david"}, {"david", "john"}};
        LocalDate start = LocalDate.of(2026, 11, 30);
        for (int week = 0; week < 16; week++) {
            String[] pair = table[(week / 2) % 4];
            for (int day = 0; day < 7; day++) {
                LocalDate date = start.plusWeeks(week).plusDays(day);
                Assignment noon = at(date.getYear(), date.getMonthValue(), date.getDayOfMonth(), 12);
                assertThat(noon.primary()).as("primary on %s (week %d)", date, week + 1).contains(pair[0]);
                assertThat(noon.secondary()).as("secondary on %s (week %d)", date, week + 1).contains(pair[1]);
                assertThat(noon.source()).isEqualTo(Source.ROTATION);
            }
        }
    }

    @Test
    void hand_offs_are_at_nine_in_the_morning_new_york_time() {
        assertThat(at(2026, 12, 14, 8).primary()).contains("john");
        assertThat(at(2026, 12, 14, 9).primary()).contains("emily");
        Shift second = at(2026, 12, 14, 9).shift().orElseThrow();
        assertThat(second.index()).isEqualTo(1);
        assertThat(second.start()).isEqualTo(Instant.parse("2026-12-14T14:00:00Z"));
        assertThat(second.end()).isEqualTo(Instant.parse("2026-12-28T14:00:00Z"));
    }

    @Test
    void christmas_2026_falls_to_emily_as_primary_and_michael_as_secondary() {
        assertThat(roster.holidays().on(LocalDate.of(2026, 12, 25))).map(Holiday::name).contains("Christmas");
        Assignment christmasNoon = at(2026, 12, 25, 12);
        assertThat(christmasNoon.primary()).contains("emily");
        assertThat(christmasNoon.secondary()).contains("michael");
    }

    @Test
    void before_the_rotation_starts_nobody_is_on_call_and_the_answer_says_when_it_starts() {
        Assignment before = at(2026, 11, 26, 12);
        assertThat(before.primary()).isEmpty();
        assertThat(before.source()).isEqualTo(Source.NONE);
        assertThat(before.reasons()).containsExactly("the rotation starts at 2026-11-30T14:00:00Z");
    }
}
