package io.pipekeeper.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Rotation;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** In the spirit of GoAlert's TestRotation_StartEnd_BruteForce: every hand-off, 2026 to 2030, three zones. */
class RotationScheduleTest {
    private static final List<Rotation.Pair> PAIRS = List.of(new Rotation.Pair("a", "b"), new Rotation.Pair("b", "c"),
            new Rotation.Pair("c", "a"));

    @ParameterizedTest(name = "{0}, every {1} days, hand-off at {2}")
    @CsvSource({
        "America/New_York, 14, 09:00", "America/New_York, 7, 02:30", "America/New_York, 1, 02:30",
        "Europe/Berlin, 14, 09:00", "Europe/Berlin, 7, 02:30", "Europe/Berlin, 1, 02:30",
        "Australia/Sydney, 14, 09:00", "Australia/Sydney, 7, 02:30", "Australia/Sydney, 1, 02:00"})
    void every_handoff_is_at_the_local_time_and_shifts_neither_overlap_nor_leave_gaps(String zoneName, int days, String time) {
        ZoneId zone = ZoneId.of(zoneName);
        LocalTime handoffTime = LocalTime.parse(time);
        Rotation rotation = new Rotation(LocalDateTime.of(2026, 1, 5, handoffTime.getHour(), handoffTime.getMinute()),
                Duration.ofDays(days), PAIRS);
        RotationSchedule schedule = new RotationSchedule(rotation, zone);
        Instant end = LocalDateTime.of(2031, 1, 1, 0, 0).atZone(zone).toInstant();

        Shift previous = null;
        int shifts = 0;
        int gaps = 0;
        for (long index = 0; schedule.handoff(index).isBefore(end); index++) {
            Shift shift = schedule.shift(index);
            LocalTime local = shift.start().atZone(zone).toLocalTime();
            LocalDateTime intended = rotation.start().plusDays(days * index);
            if (zone.getRules().getValidOffsets(intended).isEmpty()) {
                // The wall-clock time does not exist that night (spring forward): the hand-off is one hour later.
                assertThat(local).as("hand-off %d in a DST gap", index).isEqualTo(handoffTime.plusHours(1));
                gaps++;
            } else {
                assertThat(local).as("hand-off %d in %s", index, zone).isEqualTo(handoffTime);
            }
            if (previous != null) {
                assertThat(shift.start()).as("no gap and no overlap before shift %d", index).isEqualTo(previous.end());
            }
            Duration nominal = Duration.ofDays(days);
            assertThat(Duration.between(shift.start(), shift.end()))
                    .as("a DST change moves a shift's length by its own size only")
                    .isBetween(nominal.minusHours(1), nominal.plusHours(1));
            previous = shift;
            shifts++;
        }
        long daysCovered = java.time.temporal.ChronoUnit.DAYS.between(rotation.start().toLocalDate(), java.time.LocalDate.of(2031, 1, 1));
        assertThat(shifts).isEqualTo((int) ((daysCovered + days - 1) / days));
        if (days == 1) {
            assertThat(gaps).as("a daily hand-off in the small hours meets every spring-forward night, 2026 to 2030")
                    .isEqualTo(5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"America/New_York", "Europe/Berlin", "Australia/Sydney"})
    void the_shift_found_at_any_instant_contains_it(String zoneName) {
        ZoneId zone = ZoneId.of(zoneName);
        RotationSchedule schedule = new RotationSchedule(
                new Rotation(LocalDateTime.of(2026, 1, 5, 9, 0), Duration.ofDays(7), PAIRS), zone);
        Random random = new Random(42);
        Instant from = schedule.start();
        long span = Duration.ofDays(5 * 365).getSeconds();
        for (int i = 0; i < 20_000; i++) {
            Instant t = from.plusSeconds((long) (random.nextDouble() * span));
            Shift shift = schedule.shiftAt(t).orElseThrow();
            assertThat(shift.contains(t)).as("shift %d contains %s", shift.index(), t).isTrue();
            assertThat(shift).isEqualTo(schedule.shift(shift.index()));
        }
        for (long index = 0; index < 300; index++) {
            Instant handoff = schedule.handoff(index);
            assertThat(schedule.shiftAt(handoff).orElseThrow().index()).as("a hand-off belongs to the shift it starts").isEqualTo(index);
            assertThat(schedule.shiftAt(handoff.minusNanos(1)).map(Shift::index)).isEqualTo(index == 0
                    ? java.util.Optional.empty() : java.util.Optional.of(index - 1));
        }
    }

    @Test
    void a_two_week_shift_across_spring_forward_lasts_335_hours_and_across_fall_back_337() {
        ZoneId newYork = ZoneId.of("America/New_York");
        RotationSchedule schedule = new RotationSchedule(
                new Rotation(LocalDateTime.of(2026, 11, 30, 9, 0), Duration.ofDays(14), PAIRS), newYork);
        Shift acrossSpring = schedule.shiftAt(LocalDateTime.of(2027, 3, 14, 12, 0).atZone(newYork).toInstant()).orElseThrow();
        assertThat(Duration.between(acrossSpring.start(), acrossSpring.end())).isEqualTo(Duration.ofHours(335));
        Shift acrossFall = schedule.shiftAt(LocalDateTime.of(2027, 11, 7, 12, 0).atZone(newYork).toInstant()).orElseThrow();
        assertThat(Duration.between(acrossFall.start(), acrossFall.end())).isEqualTo(Duration.ofHours(337));
    }

    @Test
    void nobody_is_on_call_by_rotation_before_it_starts() {
        RotationSchedule schedule = new RotationSchedule(
                new Rotation(LocalDateTime.of(2026, 11, 30, 9, 0), Duration.ofDays(14), PAIRS), ZoneId.of("America/New_York"));
        assertThat(schedule.shiftAt(Instant.parse("2026-11-26T12:00:00Z"))).isEmpty();
        assertThat(schedule.shiftsBetween(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")))
                .extracting(Shift::index).containsExactly(0L);
    }
}
