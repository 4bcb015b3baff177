package io.pipekeeper.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Crons fire as crontab(5) says, in the team's zone, across daylight-saving changes. */
class CronTimesTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private static CronTimes cron(String text) {
        return new CronTimes(UNIX.parse(text), NEW_YORK);
    }

    private static Instant local(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).atZone(NEW_YORK).toInstant();
    }

    private static List<LocalDateTime> localTimes(List<Instant> instants) {
        return instants.stream().map(at -> LocalDateTime.ofInstant(at, NEW_YORK)).toList();
    }

    @Test
    void day_of_month_and_day_of_week_together_mean_either_as_in_crontab() {
        List<Instant> next = cron("0 9 13 * 5").next(local(2026, 12, 1, 0, 0), 5);

        assertThat(localTimes(next)).containsExactly(
                LocalDateTime.of(2026, 12, 4, 9, 0), LocalDateTime.of(2026, 12, 11, 9, 0),
                LocalDateTime.of(2026, 12, 13, 9, 0), // a Sunday: the 13th
                LocalDateTime.of(2026, 12, 18, 9, 0), LocalDateTime.of(2026, 12, 25, 9, 0));
    }

    @Test
    void a_time_the_clocks_skip_fires_after_the_jump_moved_by_the_gap() {
        // 14 March 2027: New York jumps from 02:00 EST to 03:00 EDT.
        List<Instant> next = cron("30 2 * * *").next(local(2027, 3, 13, 12, 0), 3);

        assertThat(next.get(0)).isEqualTo(ZonedDateTime.of(2027, 3, 13, 2, 30, 0, 0, NEW_YORK).plusDays(1).toInstant())
                .isEqualTo(local(2027, 3, 14, 3, 30));
        assertThat(localTimes(next)).containsExactly(LocalDateTime.of(2027, 3, 14, 3, 30),
                LocalDateTime.of(2027, 3, 15, 2, 30), LocalDateTime.of(2027, 3, 16, 2, 30));
    }

    @Test
    void asked_inside_the_gap_a_skipped_time_not_yet_fired_is_still_due() {
        Instant justAfterTheJump = local(2027, 3, 14, 3, 10); // 03:10 EDT; 02:30 is 03:30 today

        assertThat(cron("30 2 * * *").next(justAfterTheJump)).contains(local(2027, 3, 14, 3, 30));
    }

    @Test
    void a_time_that_occurs_twice_fires_once_at_its_first_occurrence() {
        // 7 November 2027: New York goes back from 02:00 EDT to 01:00 EST; 01:30 happens twice.
        Instant firstOneThirty = LocalDateTime.of(2027, 11, 7, 1, 30).atZone(NEW_YORK).withEarlierOffsetAtOverlap().toInstant();
        List<Instant> next = cron("30 1 * * *").next(local(2027, 11, 6, 12, 0), 2);

        assertThat(next).containsExactly(firstOneThirty, local(2027, 11, 8, 1, 30));
        assertThat(cron("30 1 * * *").next(firstOneThirty.plus(Duration.ofMinutes(30))))
                .as("asked during the repeated hour").contains(local(2027, 11, 8, 1, 30));
    }

    @Test
    void every_firing_matches_the_cron_and_none_is_skipped_in_months_with_clock_changes() {
        Random random = new Random(16);
        String[] minutes = {"0", "15", "*/20", "5,35"};
        String[] hours = {"*", "2", "1-3", "6", "*/6"};
        String[] days = {"*", "13", "1,15", "31"};
        String[] weekdays = {"*", "5", "1-5", "0"};
        for (int round = 0; round < 20; round++) {
            String text = minutes[random.nextInt(minutes.length)] + " " + hours[random.nextInt(hours.length)] + " "
                    + days[random.nextInt(days.length)] + " * " + weekdays[random.nextInt(weekdays.length)];
            CronTimes times = cron(text);
            int month = round % 2 == 0 ? 3 : 11;
            Instant from = local(2027, month, 1, 0, 0);
            Instant until = local(2027, month + 1, 1, 0, 0);
            List<Instant> fired = new java.util.ArrayList<>();
            for (Instant at = times.next(from).orElseThrow(); at.isBefore(until); at = times.next(at).orElseThrow()) {
                fired.add(at);
            }
            // Brute force: every minute of the month on the wall clock that crontab(5) names, as the instant it fires at.
            String[] fields = text.split(" ");
            List<Instant> expected = new java.util.ArrayList<>();
            for (LocalDateTime minute = LocalDateTime.of(2027, month, 1, 0, 1); minute.isBefore(LocalDateTime.of(2027, month + 1, 1, 0, 0));
                 minute = minute.plusMinutes(1)) {
                boolean dayOfMonth = matches(fields[2], minute.getDayOfMonth());
                boolean dayOfWeek = matches(fields[4], minute.getDayOfWeek().getValue() % 7);
                boolean day = fields[2].equals("*") || fields[4].equals("*") ? dayOfMonth && dayOfWeek : dayOfMonth || dayOfWeek;
                if (day && matches(fields[0], minute.getMinute()) && matches(fields[1], minute.getHour())) {
                    expected.add(minute.atZone(NEW_YORK).toInstant());
                }
            }
            assertThat(fired).as(text).isEqualTo(expected.stream().filter(at -> at.isAfter(from) && at.isBefore(until)).distinct().sorted().toList());
        }
    }

    /** One crontab field of the forms this test writes: *, N, *\/N, A-B, A,B. */
    private static boolean matches(String field, int value) {
        if (field.equals("*")) {
            return true;
        }
        if (field.startsWith("*/")) {
            return value % Integer.parseInt(field.substring(2)) == 0;
        }
        if (field.contains("-")) {
            String[] range = field.split("-");
            return value >= Integer.parseInt(range[0]) && value <= Integer.parseInt(range[1]);
        }
        return java.util.Arrays.stream(field.split(",")).mapToInt(Integer::parseInt).anyMatch(v -> v == value);
    }
}
