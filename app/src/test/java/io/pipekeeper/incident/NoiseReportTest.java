package io.pipekeeper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.notify.Notice;
import io.pipekeeper.notify.Outbox;
import io.pipekeeper.notify.Via;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The noise report's arithmetic: flapping checks and pages per person per week. */
class NoiseReportTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalDate FROM = LocalDate.of(2026, 11, 23);

    private static NoiseReport.CheckOutcome outcome(String check, int day, boolean passed) {
        return new NoiseReport.CheckOutcome("orders", check, FROM.plusDays(day), passed);
    }

    private static Outbox.Page page(String person, Notice notice, Via via, String status, String at) {
        return new Outbox.Page(1, 1L, notice, 0, person, via, "x", "s", "b", status, 1, Instant.parse(at), Outbox.Settled.NOT_YET);
    }

    @Test
    void a_check_that_fails_passes_and_fails_again_flaps_and_one_that_failed_once_does_not() {
        NoiseReport report = NoiseReport.of(FROM, FROM.plusDays(6), NEW_YORK, List.of(), List.of(), Map.of(), List.of(), List.of(
                outcome("volume", 0, true), outcome("volume", 1, false), outcome("volume", 2, true), outcome("volume", 3, false),
                outcome("not_null(user_id)", 0, true), outcome("not_null(user_id)", 1, false), outcome("not_null(user_id)", 2, false),
                outcome("schema", 0, true), outcome("schema", 1, false), outcome("schema", 2, true),
                outcome("unique(order_id)", 0, true), outcome("unique(order_id)", 1, true)));

        assertThat(report.checks()).extracting(NoiseReport.CheckNoise::check, NoiseReport.CheckNoise::flips, NoiseReport.CheckNoise::flapping)
                .as("checks that never failed are not listed; flapping ones first").containsExactly(
                        org.assertj.core.groups.Tuple.tuple("volume", 3, true),
                        org.assertj.core.groups.Tuple.tuple("not_null(user_id)", 1, false),
                        org.assertj.core.groups.Tuple.tuple("schema", 2, false));
    }

    @Test
    void pages_are_counted_per_person_and_iso_week_in_the_team_zone_and_notices_and_cancelled_pages_are_not() {
        NoiseReport report = NoiseReport.of(FROM, FROM.plusDays(13), NEW_YORK, List.of(), List.of(), Map.of(), List.of(
                page("john", Notice.PAGE, Via.EMAIL, "sent", "2026-11-24T15:00:00Z"),
                page("john", Notice.PAGE, Via.SMS, "sent", "2026-11-24T15:00:00Z"),
                page("john", Notice.PAGE, Via.EMAIL, "sent", "2026-11-30T04:30:00Z"), // Sunday 23:30 in New York: still week 48
                page("john", Notice.PAGE, Via.EMAIL, "cancelled", "2026-11-25T15:00:00Z"),
                page("emily", Notice.RESPOND_BREACH, Via.EMAIL, "sent", "2026-11-25T15:00:00Z"),
                page("team", Notice.PAGE, Via.SLACK, "sent", "2026-11-25T15:00:00Z"),
                page("emily", Notice.PAGE, Via.VOICE, "sent", "2026-12-01T15:00:00Z")), List.of());

        assertThat(report.pagesPerPersonWeek()).extracting(NoiseReport.PersonWeek::person, NoiseReport.PersonWeek::week, NoiseReport.PersonWeek::pages)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("emily", "2026-W49", 1), org.assertj.core.groups.Tuple.tuple("john", "2026-W48", 3));
        assertThat(report.pages()).as("the team's Slack page counts; notices and cancelled pages do not").isEqualTo(5);
    }
}
